package se.samtal.protocol;

/**
 * What a text shown to other people as a name or a title may contain. Such texts are refused (not
 * cleaned: the platform must know its text was not shown as sent) if they hold a character that
 * could disguise them on someone else's screen:
 * <ul>
 *   <li>control characters (Unicode category Cc: line breaks, tabs, escape codes);</li>
 *   <li>bidirectional controls — embeddings, overrides, isolates and marks (U+202A–U+202E,
 *       U+2066–U+2069, U+200E, U+200F, U+061C) — which can make "Anna" and a reversed other
 *       name look alike in the therapist's list;</li>
 *   <li>other invisible format characters (category Cf: zero-width space, word joiner, soft
 *       hyphen, byte-order mark, tag characters, …), line and paragraph separators (Zl, Zp),
 *       private-use and unassigned code points, lone surrogates, and the blank fillers that draw
 *       nothing (U+115F, U+1160, U+3164, U+FFA0, U+2800);</li>
 * </ul>
 * except the zero-width non-joiner and joiner (U+200C, U+200D), which Persian, Urdu, Indic
 * scripts and emoji sequences need in ordinary names. Combining marks and variation selectors
 * are fine. A name must also show something: at least one character that is not white space
 * and not one of the joiners.
 */
public final class DisplayText {
    private static final int ZWNJ = 0x200C;
    private static final int ZWJ = 0x200D;

    private DisplayText() {
    }

    /** Whether {@code text} may be shown as a name or title (see the class description); null is absent, and fine. */
    public static boolean isAcceptable(String text) {
        if (text == null) {
            return true;
        }
        boolean visible = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.isSurrogate(text.charAt(i)) && Character.charCount(cp) == 1) {
                return false; // a lone surrogate
            }
            if (isHidden(cp)) {
                return false;
            }
            if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && cp != ZWNJ && cp != ZWJ
                    && Character.getType(cp) != Character.NON_SPACING_MARK && Character.getType(cp) != Character.ENCLOSING_MARK) {
                visible = true;
            }
            i += Character.charCount(cp);
        }
        return visible || text.isBlank();
    }

    /** A character that controls, reorders or hides text instead of showing itself. */
    static boolean isHidden(int cp) {
        if (cp == ZWNJ || cp == ZWJ) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE -> true;
            default -> cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
        };
    }

    /** The sentence for a refusal, naming the field and the rule, never the text. */
    public static String rule(String field, int maxLength) {
        return "'" + field + "' must be at most " + maxLength
                + " characters, without control characters, bidirectional controls or other invisible formatting characters.";
    }
}
