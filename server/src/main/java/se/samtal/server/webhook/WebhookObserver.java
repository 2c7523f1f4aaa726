package se.samtal.server.webhook;

import se.samtal.signalling.visit.Principal;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.live.SessionObserver;
import se.samtal.server.tenant.Tenants;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns session moments into webhooks: {@code session.started}, {@code participant.joined},
 * {@code participant.left} ({@code session.ended}, which carries the visit record, is sent by
 * follow-up once the record is written: {@code followup.FollowUp}). The platform's own person ref is included so
 * it can tell who; display names are not (the platform knows them).
 */
public final class WebhookObserver implements SessionObserver {
    private final Tenants tenants;
    private final WebhookDispatcher dispatcher;

    public WebhookObserver(Tenants tenants, WebhookDispatcher dispatcher) {
        this.tenants = tenants;
        this.dispatcher = dispatcher;
    }

    @Override
    public void sessionStarted(Booking booking) {
        publish(booking, "session.started", session(booking));
    }

    @Override
    public void participantJoined(Booking booking, Principal principal, String participantId) {
        publish(booking, "participant.joined", participant(booking, principal, participantId));
    }

    @Override
    public void participantLeft(Booking booking, Principal principal, String participantId, String reason) {
        var data = participant(booking, principal, participantId);
        data.put("reason", reason);
        publish(booking, "participant.left", data);
    }

    private void publish(Booking booking, String type, Map<String, Object> data) {
        tenants.byId(booking.tenantId()).ifPresent(tenant -> dispatcher.publish(tenant, type, data));
    }

    private static Map<String, Object> session(Booking booking) {
        var data = new LinkedHashMap<String, Object>();
        data.put("sessionId", booking.id());
        if (booking.externalRef() != null) {
            data.put("externalRef", booking.externalRef());
        }
        return data;
    }

    private static Map<String, Object> participant(Booking booking, Principal principal, String participantId) {
        var data = session(booking);
        data.put("participantId", participantId);
        data.put("participantRef", principal.ref());
        data.put("role", principal.role().wire());
        return data;
    }
}
