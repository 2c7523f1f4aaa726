package se.samtal.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Names and titles that could disguise themselves are refused; ordinary names in any script are not. */
class DisplayTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"Anna", "Tove Lind", "Ödön Åström", "محمد", "דוד", "Ана", "李小龍", "Zoë", "Nguyễn",
            "می\u200Cخواهم", "👩\u200D⚕️ Terapeut", "e\u0301", "   "})
    void ordinaryNamesInAnyScriptAreFine(String name) {
        assertThat(DisplayText.isAcceptable(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Anna\u202Egnirts", "\u202Aa", "\u202Ba", "\u202Ca", "\u202Da", "\u2066a", "\u2067a", "\u2068a",
            "a\u2069", "a\u200E", "a\u200F", "a\u061C", "a\u200B", "a\u2060", "a\u00AD", "\uFEFFa", "a\u2028b", "a\u2029b",
            "a\u0007", "a\nb", "a\tb", "a\uE000", "a\uDB40\uDC01", "\u3164", "a\uD800", "\u200D", "\u200C\u200C"})
    void controlsBidiAndInvisibleCharactersAreRefused(String name) {
        assertThat(DisplayText.isAcceptable(name)).isFalse();
    }
}
