package se.samtal.protocol.chat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a client should tell people about when they can expect an answer, so that nobody has to
 * guess whether someone is reading now.
 *
 * @param mode          {@code live} (chat inside a session: the others are there now) or
 *                      {@code async} (a care conversation: answers come later)
 * @param staffedNow    whether the care team is working now; {@code null} if the provider has not
 *                      said when it is staffed
 * @param nextStaffedAt when staffing begins next, if not staffed now (within two weeks)
 * @param staffedHours  the provider's staffed hours, if given
 * @param replyWithin   the provider's promise of when an answer comes, if given
 * @param urgentHelp    where to turn when it cannot wait, by language ({@code sv}, {@code en})
 */
public record ExpectationsView(String mode, Boolean staffedNow, Instant nextStaffedAt, StaffedHoursView staffedHours,
                               ReplyWithinView replyWithin, Map<String, String> urgentHelp) {

    /**
     * Weekly staffed hours in a time zone: {@code weekly} maps {@code mon}…{@code sun} to
     * intervals such as {@code "08:00-16:30"}; days left out are not staffed; {@code closedDates}
     * ({@code 2026-12-24}) are not staffed whatever the weekday.
     */
    public record StaffedHoursView(String zone, Map<String, List<String>> weekly, List<String> closedDates) {
    }

    /** "We answer within {@code amount} {@code unit}": unit is {@code hours}, {@code days} or {@code workdays}. */
    public record ReplyWithinView(int amount, String unit) {
    }
}
