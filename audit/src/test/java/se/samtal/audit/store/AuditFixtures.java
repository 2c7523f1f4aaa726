package se.samtal.audit.store;

import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.AuditObject;

import java.time.Instant;
import java.util.List;

/** Events for store tests. */
public final class AuditFixtures {
    public static final String TENANT = "region-a";
    public static final String OTHER_TENANT = "provider-b";
    public static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    private AuditFixtures() {
    }

    /** A therapist reading a session of {@code patients} at {@code at}. */
    public static AuditEvent read(String tenantId, String sessionId, Instant at, String... patients) {
        return AuditEvent.builder(at, tenantId, Actor.person("t-1", "therapist"), AuditAction.SESSION_JOINED)
                .object(AuditObject.session(sessionId)).patients(List.of(patients)).request("c_1/7").build();
    }

    /** A message of a session's chat, sent by the patient. */
    public static AuditEvent chat(String tenantId, String conversationId, String sessionId, Instant at, String patient) {
        return AuditEvent.builder(at, tenantId, Actor.person(patient, "patient"), AuditAction.CHAT_MESSAGE_SENT)
                .object(AuditObject.sessionChat(conversationId, sessionId)).patients(List.of(patient)).detail("seq", 3).build();
    }

    public static AuditQuery byPatient(String tenantId, String ref, Instant from, Instant to, int limit, PageCursor after) {
        return new AuditQuery(tenantId, se.samtal.audit.chain.IndexRef.Kind.PATIENT, ref, from, to, after, limit);
    }

    public static AuditQuery byObject(String tenantId, String key, int limit) {
        return new AuditQuery(tenantId, se.samtal.audit.chain.IndexRef.Kind.OBJECT, key, Instant.EPOCH,
                Instant.parse("2100-01-01T00:00:00Z"), null, limit);
    }
}
