package se.samtal.chat.message;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;

import java.util.regex.Pattern;

/**
 * The rules for what a message may say. Text is kept as written, except that line breaks become
 * {@code \n}. It must have at least one visible character; it may hold line breaks and tabs but
 * no other control characters; and it is at most {@code maxChars} characters (Unicode code
 * points, so an emoji counts as one).
 */
public final class MessageText {
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private MessageText() {
    }

    /** How many bytes {@code text} takes in UTF-8, as it travels (an emoji four, an å two). */
    public static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The text to store, or a typed error: {@code message_empty}, {@code message_too_long}, {@code bad_request}. */
    public static String check(String text, int maxChars) {
        if (text == null) {
            throw new SamtalException(ErrorCode.MESSAGE_EMPTY, "'text' is required.");
        }
        String normalized = text.replace("\r\n", "\n").replace('\r', '\n');
        if (normalized.codePointCount(0, normalized.length()) > maxChars) {
            throw new SamtalException(ErrorCode.MESSAGE_TOO_LONG, "A message can be at most " + maxChars + " characters.");
        }
        boolean visible = false;
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isISOControl(cp) && cp != '\n' && cp != '\t') {
                if (!visible && onlyInvisibleFrom(normalized, i)) {
                    break; // nothing but control characters: report it as empty
                }
                throw new SamtalException(ErrorCode.BAD_REQUEST, "The message contains control characters.");
            }
            visible |= isVisible(cp);
        }
        if (!visible) {
            throw new SamtalException(ErrorCode.MESSAGE_EMPTY);
        }
        return normalized;
    }

    /** An idempotency key: 1–64 of {@code A–Z a–z 0–9 . _ : -} (a UUID fits). */
    public static String checkKey(String key) {
        if (key == null || !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw new SamtalException(ErrorCode.BAD_REQUEST,
                    "'idempotencyKey' is required: 1–64 of A–Z, a–z, 0–9 and . _ : - (a UUID fits).");
        }
        return key;
    }

    private static boolean onlyInvisibleFrom(String s, int from) {
        return s.codePoints().skip(s.codePointCount(0, from)).noneMatch(MessageText::isVisible);
    }

    /** Not white space, not a control or format character (zero-width space, bidi marks), not unassigned. */
    private static boolean isVisible(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)) {
            return false;
        }
        int type = Character.getType(cp);
        return type != Character.FORMAT && type != Character.UNASSIGNED;
    }
}
