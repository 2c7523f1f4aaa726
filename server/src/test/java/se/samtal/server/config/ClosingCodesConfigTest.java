package se.samtal.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.chat.conversation.ClosingCode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A tenant's closing codes: the defaults, its own list, none, and every bad value named by its key. */
class ClosingCodesConfigTest {
    @TempDir
    Path dir;

    private SamtalConfig load(String chat) throws Exception {
        return new OneTenantYaml(dir).load(chat);
    }

    private List<String> codes(SamtalConfig config) {
        return config.tenants().getFirst().chat().policy().closingCodes().stream().map(ClosingCode::code).toList();
    }

    @Test
    void aTenantHasTheFourDefaultCodesItsOwnListOrNone() throws Exception {
        assertThat(codes(load(""))).containsExactly("self_care", "referred", "booked_visit", "no_action");
        var own = load("""
                chat:
                  closingCodes:
                    - {code: advice, sv: "Råd", en: "Advice"}
                    - {code: to_visit, sv: "Till besök"}
                """);
        assertThat(codes(own)).containsExactly("advice", "to_visit");
        assertThat(own.tenants().getFirst().chat().policy().closingCode("to_visit").orElseThrow().label()).isEqualTo(Map.of("sv", "Till besök"));
        assertThat(codes(load("chat: {closingCodes: []}"))).isEmpty();
    }

    @Test
    void badCodesAreNamedByTheirKeys() {
        var problems = new OneTenantYaml(dir).problems("""
                chat:
                  closingCodes:
                    - {code: Self-Care, sv: "Egenvård"}
                    - {code: referred}
                    - {code: referred, sv: "Hänvisad"}
                """);
        assertThat(problems).contains(
                "tenants[0].chat.closingCodes[0].code: must be 1–40 of a–z, 0–9 and _",
                "tenants[0].chat.closingCodes[1].sv: is required: 1–100 characters",
                "tenants[0].chat.closingCodes[2].code: appears twice");
    }
}
