package se.samtal.chat.message;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MessageTextTest {

    private static ErrorCode refusal(String text) {
        return catchThrowableOfType(SamtalException.class, () -> MessageText.check(text, 10)).code();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\n\t", "\u0000", "\u0007\u001b\u007f", "\u200b", "\u00a0\u2060\ufeff"})
    void textWithNothingVisibleIsEmpty(String text) {
        assertThat(refusal(text)).isEqualTo(ErrorCode.MESSAGE_EMPTY);
    }

    @Test
    void nullIsEmpty() {
        assertThat(refusal(null)).isEqualTo(ErrorCode.MESSAGE_EMPTY);
    }

    @Test
    void controlCharactersBesideTextAreRefused() {
        assertThat(refusal("hej\u0000")).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refusal("\u001b[2Jhej")).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void lengthIsCountedInCharactersNotUtf16Units() {
        assertThat(MessageText.check("😀".repeat(10), 10)).hasSize(20);
        assertThat(refusal("😀".repeat(11))).isEqualTo(ErrorCode.MESSAGE_TOO_LONG);
        assertThat(refusal("x".repeat(11))).isEqualTo(ErrorCode.MESSAGE_TOO_LONG);
    }

    @Test
    void textIsKeptAsWrittenApartFromLineBreaks() {
        assertThat(MessageText.check("  <b>a</b>\r\nb\rc\td ", 100)).isEqualTo("  <b>a</b>\nb\nc\td ");
    }

    @Test
    void idempotencyKeysAreShortAndPlain() {
        assertThat(MessageText.checkKey("3f1c2b9e-6a77-4a55-9d0b-2b1f0c0c9a11")).isNotNull();
        for (String bad : new String[] {null, "", "has space", "x".repeat(65), "å"}) {
            assertThat(catchThrowableOfType(SamtalException.class, () -> MessageText.checkKey(bad)).code())
                    .isEqualTo(ErrorCode.BAD_REQUEST);
        }
    }
}
