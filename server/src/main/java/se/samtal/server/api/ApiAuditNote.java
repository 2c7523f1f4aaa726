package se.samtal.server.api;

import se.samtal.audit.AuditObject;
import se.samtal.audit.Subject;
import se.samtal.protocol.Role;
import se.samtal.server.audit.AuditFacts;
import se.samtal.server.tenant.ApiCaller;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a platform API call's handler says about the call for its audit event: who called,
 * which object it touched, the person acted on, the patients concerned, a few facts. Filled in
 * as the handler learns them (so a call refused half-way still says what it got to); recorded by
 * {@link ApiCallAudit} when the call is answered. Used by one request's thread only.
 */
public final class ApiAuditNote {
    private ApiCaller caller;
    private AuditObject object;
    private Subject subject;
    private final Set<String> patients = new TreeSet<>();
    private final Map<String, Object> detail = new LinkedHashMap<>();

    public ApiAuditNote caller(ApiCaller caller) {
        this.caller = caller;
        return this;
    }

    public ApiAuditNote object(AuditObject object) {
        this.object = object;
        return this;
    }

    /** The person acted on (a link's holder, a member added or removed); a patient is concerned as well. */
    public ApiAuditNote subject(String ref, Role role) {
        this.subject = AuditFacts.subject(ref, role);
        patients.addAll(AuditFacts.ifPatient(ref, role));
        return this;
    }

    public ApiAuditNote patients(Collection<String> refs) {
        patients.addAll(refs);
        return this;
    }

    public ApiAuditNote detail(String key, Object value) {
        detail.put(key, value);
        return this;
    }

    ApiCaller caller() {
        return caller;
    }

    AuditObject object() {
        return object;
    }

    Subject subject() {
        return subject;
    }

    Set<String> patients() {
        return patients;
    }

    Map<String, Object> detail() {
        return detail;
    }
}
