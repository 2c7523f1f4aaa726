package se.samtal.server.audit;

import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditObject;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.live.SessionObserver;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Consent and recording in the audit trail: every yes, no and withdrawal (by whom, for whom,
 * which consent text), and every time the recorder confirmed that recording started or stopped.
 * Called under the session's lock: queues, never waits.
 */
public final class RecordingAudit implements SessionObserver {
    private final VisitAudit visits;
    private final AuditTrail trail;

    public RecordingAudit(VisitAudit visits, AuditTrail trail) {
        this.visits = visits;
        this.trail = trail;
    }

    @Override
    public void consentAnswered(Booking booking, ConsentAnswer answer) {
        AuditAction action = switch (answer.status()) {
            case "given" -> AuditAction.CONSENT_GIVEN;
            case "refused" -> AuditAction.CONSENT_REFUSED;
            case "withdrawn" -> AuditAction.CONSENT_WITHDRAWN;
            default -> null;
        };
        if (action == null) {
            return;
        }
        var detail = new LinkedHashMap<String, Object>();
        detail.put("participant", answer.participantId());
        detail.put("part", answer.part());
        if (answer.textVersion() != null) {
            detail.put("textVersion", answer.textVersion());
        }
        var subject = AuditFacts.subject(answer.subject().ref(), answer.subject().role());
        visits.sessionAct(answer.answeredBy(), booking, action, subject, null, null, detail);
    }

    @Override
    public void recordingStarted(Booking booking, String recordingId, boolean resumed) {
        recorder(booking, AuditAction.RECORDING_STARTED, Map.of("recording", recordingId, "resumed", resumed));
    }

    @Override
    public void recordingStopped(Booking booking, String recordingId, boolean paused, String reason) {
        var detail = new LinkedHashMap<String, Object>();
        detail.put("recording", recordingId);
        detail.put("paused", paused);
        if (reason != null) {
            detail.put("reason", reason);
        }
        recorder(booking, AuditAction.RECORDING_STOPPED, detail);
    }

    private void recorder(Booking booking, AuditAction action, Map<String, ?> detail) {
        trail.queue(trail.event(booking.tenantId(), Actor.system(), action).object(AuditObject.session(booking.id()))
                .patients(AuditFacts.patients(booking)).details(detail).build());
    }
}
