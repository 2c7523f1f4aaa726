package se.samtal.server.booking;

import se.samtal.protocol.SessionKind;

import java.time.Instant;
import java.util.List;
import se.samtal.signalling.visit.ExpectedParticipant;

/** What a platform asks for when it books a session (the body of {@code POST /api/v1/sessions}). */
public record NewBooking(SessionKind kind, String title, Instant scheduledStart, Instant scheduledEnd, String externalRef,
                         List<ExpectedParticipant> participants) {
}
