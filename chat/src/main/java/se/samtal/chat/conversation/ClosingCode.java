package se.samtal.chat.conversation;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Why a care team closed a conversation, as one of the words its care provider configured
 * ({@code self_care}, {@code referred}, {@code booked_visit}, {@code no_action}, …), with what it
 * is called in each language. Follow-up counts closed conversations by it.
 *
 * @param code  1–40 of {@code a–z 0–9 _}: what the API, the wire and reports carry
 * @param label the code's name by language ({@code sv} at least)
 */
public record ClosingCode(String code, Map<String, String> label) {
    public static final Pattern CODE = Pattern.compile("[a-z0-9_]{1,40}");

    public ClosingCode {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("a closing code is 1–40 of a–z, 0–9 and _");
        }
        label = label == null ? Map.of() : Map.copyOf(label);
    }

    /** What a care provider starts with unless it configures its own: the outcomes follow-up of chat commonly counts. */
    public static final java.util.List<ClosingCode> DEFAULTS = java.util.List.of(
            new ClosingCode("self_care", Map.of("sv", "Egenvårdsråd", "en", "Self-care advice")),
            new ClosingCode("referred", Map.of("sv", "Hänvisad", "en", "Referred")),
            new ClosingCode("booked_visit", Map.of("sv", "Bokat besök", "en", "Visit booked")),
            new ClosingCode("no_action", Map.of("sv", "Ingen åtgärd behövs", "en", "No action needed")));
}
