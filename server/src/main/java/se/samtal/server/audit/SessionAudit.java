package se.samtal.server.audit;

import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditObject;
import se.samtal.signalling.visit.Principal;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.live.LiveSessions;
import se.samtal.signalling.live.SessionObserver;


/**
 * The audit events a session's life reports by itself, with no request behind them: someone
 * dropped and did not come back within the grace period, and a session ended at its hard stop.
 * Saying goodbye, being turned away, ending by a host and cancelling are requests, recorded with
 * their request id where they are answered. Called under the session's lock: queues, never waits.
 */
public final class SessionAudit implements SessionObserver {

    private final AuditTrail trail;

    public SessionAudit(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public void participantLeft(Booking booking, Principal principal, String participantId, String reason) {
        if (!"disconnected".equals(reason)) {
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
