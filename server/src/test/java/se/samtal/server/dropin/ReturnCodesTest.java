package se.samtal.server.dropin;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Return codes: what they are made of, how much they hide, and how typed codes are read. */
class ReturnCodesTest {
    private final ReturnCodes codes = new ReturnCodes(new SecureRandom(), "a-signing-secret-that-is-long-enough-123"
            .getBytes(StandardCharsets.UTF_8));

    @Test
    void aCodeIsFiveWordsOfAListOfPlainWordsGivingAtLeastFortyBits() {
        var list = ReturnCodes.list();
        assertThat(new HashSet<>(list)).hasSameSizeAs(list);
        assertThat(list).allMatch(w -> w.matches("[a-z]{3,8}"), "3–8 letters a–z, no å, ä or ö");
        assertThat(list).hasSize(282);
        double bits = ReturnCodes.WORDS * Math.log(list.size()) / Math.log(2);
        assertThat(bits).as("the entropy docs/security.md states").isGreaterThanOrEqualTo(40.69).isLessThan(40.7);

        String code = codes.newCode();
        assertThat(code.split("-")).hasSize(5).allMatch(list::contains);
    }

    @Test
    void aTypedCodeIsReadInAnyCaseWithAnySeparators() {
        String code = codes.newCode();
        assertThat(ReturnCodes.canonical(code.toUpperCase().replace("-", " "))).hasValue(code);
        assertThat(ReturnCodes.canonical("  " + code.replace("-", " - ") + "\n")).hasValue(code);
        assertThat(ReturnCodes.canonical("apa boll sol")).isEmpty();
        assertThat(ReturnCodes.canonical("apa boll bil bok tiger tak")).as("six words").isEmpty();
        assertThat(ReturnCodes.canonical("apa boll bil bok qwerty")).as("a word not in the list").isEmpty();
        assertThat(ReturnCodes.canonical(null)).isEqualTo(Optional.empty());
        assertThat(ReturnCodes.canonical("apa ".repeat(100))).isEmpty();
    }

    @Test
    void onlyKeyedHashesAreKeptAndTheyDifferByTenant() {
        String code = codes.newCode();
        assertThat(codes.codeHash("region-a", code)).hasSize(64).doesNotContain(code)
                .isNotEqualTo(codes.codeHash("region-b", code));
        var other = new ReturnCodes(new SecureRandom(), "another-signing-secret-long-enough-4567".getBytes(StandardCharsets.UTF_8));
        assertThat(other.codeHash("region-a", code)).as("keyed by the server's secret").isNotEqualTo(codes.codeHash("region-a", code));
        String key = codes.newKey();
        assertThat(ReturnCodes.isKeyShaped(key)).isTrue();
        assertThat(ReturnCodes.isKeyShaped(key + "x")).isFalse();
        assertThat(codes.keyHash("region-a", key)).isNotEqualTo(codes.codeHash("region-a", key));
    }
}
