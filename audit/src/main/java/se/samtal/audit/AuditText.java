package se.samtal.audit;

import java.util.regex.Pattern;

/**
 * The bounds of what an audit entry may hold, checked when an event is made: refs as the
 * platform gives them (at most 128 characters, no control characters), short texts for ids,
 * vocabulary words. The bounds keep anything like a message body out of the trail.
 */
final class AuditText {
    static final int MAX_REF = 128;
    static final int MAX_TEXT = 200;
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_.]{0,39}");

    private AuditText() {
    }

    static void requireRef(String value, String field) {
        if (value == null || value.isEmpty() || value.length() > MAX_REF || hasControl(value)) {
            throw new IllegalArgumentException(field + " must be 1–" + MAX_REF + " characters without control characters");
        }
    }

    static void requireText(String value, String field) {
        if (value == null || value.isEmpty() || value.length() > MAX_TEXT || hasControl(value)) {
            throw new IllegalArgumentException(field + " must be 1–" + MAX_TEXT + " characters without control characters");
        }
    }

    static void requireWord(String value, String field) {
        if (value == null || !WORD.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be a lower-case word");
        }
    }

    static boolean isWord(String value) {
        return value != null && WORD.matcher(value).matches();
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }
}
