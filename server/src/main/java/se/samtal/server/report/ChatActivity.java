package se.samtal.server.report;

import se.samtal.protocol.Role;

import java.time.Instant;

/**
 * Something in a care conversation that follow-up counts: a message (who wrote it, by role, and
 * when; when an answer to it was due, for the patient's side), a closing (with its closing code)
 * or a reopening. Never a message's text, never a person.
 *
 * @param seq   a message's number; for a closing or reopening, the conversation's newest message then
 * @param dueBy a message of the patient's side: when the care team promised to answer (null: no promise)
 */
public record ChatActivity(String tenantId, String conversationId, What what, long seq, Role role, Instant at, Instant dueBy,
                           String closingCode) {

    public enum What {
        MESSAGE, CLOSED, REOPENED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static What fromWire(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
