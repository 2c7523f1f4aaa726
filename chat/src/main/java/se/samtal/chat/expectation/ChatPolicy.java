package se.samtal.chat.expectation;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * A tenant's rules for chat, decided by the care provider.
 *
 * @param retention          how long messages are kept after they were written; then they are
 *                           purged unless their conversation is on legal hold
 * @param lateJoinersSeeAll  in session chat, whether someone who joins late (an interpreter, say)
 *                           sees what was written before they came ({@code false}: from when they
 *                           joined)
 * @param staffedHours       when care conversations are read and answered; {@code null} if unsaid
 * @param replyWithin        the promised answer time in care conversations; {@code null} if unsaid
 * @param urgentHelp         where to turn when it cannot wait, by language
 * @param maxOpenConversations open care conversations the tenant may have
 * @param closingCodes         the codes a care team may close a care conversation with (empty: none)
 */
public record ChatPolicy(Duration retention, boolean lateJoinersSeeAll, StaffedHours staffedHours, ReplyWithin replyWithin,
                         Map<String, String> urgentHelp, int maxOpenConversations,
                         java.util.List<se.samtal.chat.conversation.ClosingCode> closingCodes) {

    /** A policy with the default closing codes. */
    public ChatPolicy(Duration retention, boolean lateJoinersSeeAll, StaffedHours staffedHours, ReplyWithin replyWithin,
                      Map<String, String> urgentHelp, int maxOpenConversations) {
        this(retention, lateJoinersSeeAll, staffedHours, replyWithin, urgentHelp, maxOpenConversations,
                se.samtal.chat.conversation.ClosingCode.DEFAULTS);
    }

    /** Used when a provider says nothing else: 112 and 1177 are the same for everyone in Sweden. */
    public static final Map<String, String> DEFAULT_URGENT_HELP = Map.of(
            "sv", "Om det är akut: ring 112. Behöver du råd om vård, ring 1177.",
            "en", "In an emergency, call 112. For advice about care, call 1177.");

    /** Where transcripts are dated when the provider has not named a zone with its staffed hours. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Stockholm");

    public ChatPolicy {
        urgentHelp = urgentHelp == null || urgentHelp.isEmpty() ? DEFAULT_URGENT_HELP : Map.copyOf(urgentHelp);
        closingCodes = closingCodes == null ? java.util.List.of() : java.util.List.copyOf(closingCodes);
    }

    /** The closing code {@code code} names, if the provider configured it. */
    public java.util.Optional<se.samtal.chat.conversation.ClosingCode> closingCode(String code) {
        return closingCodes.stream().filter(c -> c.code().equals(code)).findFirst();
    }

    /** The provider's time zone: that of its staffed hours, else Stockholm's. */
    public ZoneId zone() {
        return staffedHours != null ? ZoneId.of(staffedHours.zone()) : DEFAULT_ZONE;
    }
}
