package se.samtal.protocol;

import java.time.Instant;

/** What participants are told about the session they joined. */
public record SessionView(String id, SessionKind kind, String title, SessionStatus status,
                          Instant scheduledStart, Instant scheduledEnd) {
}
