package se.samtal.server.audit;

import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditObject;
import se.samtal.server.auth.Principal;
import se.samtal.server.booking.Booking;
import se.samtal.server.presence.LiveSessions;
import se.samtal.server.presence.SessionObserver;

import java.util.Set;

/**
 * The audit events a session's life reports by itself: someone left (said goodbye, or dropped
 * and did not come back within the grace period), and a session ended at its hard stop. Being
 * turned away is the host's act, recorded with the host as actor by {@link VisitAudit}; ending
 * by a host and cancelling likewise. Called under the session's lock: queues, never waits.
 */
public final class SessionAudit implements SessionObserver {
    private static final Set<String> LEAVING = Set.of("left", "disconnected");

    private final AuditTrail trail;

    public SessionAudit(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public void participantLeft(Booking booking, Principal principal, String participantId, String reason) {
        if (!LEAVING.contains(reason)) {
            return;
        }
        trail.queue(trail.event(booking.tenantId(), AuditFacts.actor(principal), AuditAction.SESSION_LEFT)
                .object(AuditObject.session(booking.id())).patients(AuditFacts.patients(booking))
                .patients(AuditFacts.ifPatient(principal)).detail("participant", participantId).detail("reason", reason).build());
    }

    @Override
    public void sessionEnded(Booking booking, String reason) {
        if (!LiveSessions.SCHEDULED_END.equals(reason)) {
            return;
        }
        trail.queue(trail.event(booking.tenantId(), Actor.system(), AuditAction.SESSION_CHANGED)
                .object(AuditObject.session(booking.id())).patients(AuditFacts.patients(booking))
                .detail("status", booking.status().wire()).detail("reason", reason).build());
    }
}
