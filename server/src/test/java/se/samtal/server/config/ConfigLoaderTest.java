package se.samtal.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {
    private static final String VALID = """
            http:
              port: 9090
            tokens:
              signingSecret: "a-signing-secret-that-is-long-enough-123"
            gateway:
              maxFrameBytes: 32KiB
              helloTimeout: 5s
            tenants:
              - id: region-x
                issuer: https://platform.region-x.example
                keys:
                  hs256Secrets: ["region-x-secret-that-is-long-enough-0123"]
                apiKeys:
                  - id: platform
                    sha256: "0000000000000000000000000000000000000000000000000000000000000000"
                policy:
                  joinEarly: 15m
            """;

    @TempDir
    Path dir;

    private SamtalConfig load(String yaml, Map<String, String> env) throws Exception {
        Path file = dir.resolve("samtal.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader().load(file, env);
    }

    private ConfigException failure(String yaml, Map<String, String> env) {
        return catchThrowableOfType(ConfigException.class, () -> load(yaml, env));
    }

    @Test
    void aValidFileIsReadWithUnitsAndDefaults() throws Exception {
        SamtalConfig config = load(VALID, Map.of());
        assertThat(config.http().port()).isEqualTo(9090);
        assertThat(config.gateway().maxFrameBytes().bytes()).isEqualTo(32 * 1024);
        assertThat(config.gateway().helloTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.gateway().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.tenants().get(0).policy().joinEarly()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.tenants().get(0).policy().maxParticipantsPerSession()).isEqualTo(16);
        assertThat(config.isDemo()).isFalse();
    }

    @Test
    void environmentVariablesOverrideSingleKeysIncludingListEntries() throws Exception {
        SamtalConfig config = load(VALID, Map.of(
                "SAMTAL_HTTP__PORT", "7070",
                "SAMTAL_HTTP__BIND_ADDRESS", "0.0.0.0",
                "SAMTAL_TENANTS__0__POLICY__MAX_PARTICIPANTS_PER_SESSION", "4",
                "SAMTAL_CONFIG", "ignored: it names the file",
                "PATH", "/usr/bin"));
        assertThat(config.http().port()).isEqualTo(7070);
        assertThat(config.http().bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.tenants().get(0).policy().maxParticipantsPerSession()).isEqualTo(4);
    }

    @Test
    void theDocumentedVariablesThatAreNoKeysAreLeftAlone() throws Exception {
        SamtalConfig config = load(VALID, Map.of("SAMTAL_LOG_LEVEL", "DEBUG", "SAMTAL_API_KEY", "sk_x",
                "SAMTAL_JAVA_OPTS", "-Xmx1g", "SAMTAL_CONFIG", "samtal.yaml"));
        assertThat(config.http().port()).isEqualTo(9090);
    }

    @Test
    void anUnknownKeyIsNamed() {
        var e = failure(VALID.replace("  port: 9090", "  prot: 9090"), Map.of());
        assertThat(e.problems()).containsExactly("http.prot: unknown key");
        var fromEnv = failure(VALID, Map.of("SAMTAL_HTTP__PROT", "1"));
        assertThat(fromEnv.problems()).containsExactly("http.prot: unknown key");
    }

    @Test
    void aValueOfTheWrongKindIsNamedWithoutEchoingIt() {
        var e = failure(VALID.replace("port: 9090", "port: nine"), Map.of());
        assertThat(e.problems()).singleElement().asString().startsWith("http.port:").contains("whole number").doesNotContain("nine");
        var duration = failure(VALID.replace("helloTimeout: 5s", "helloTimeout: soon"), Map.of());
        assertThat(duration.problems()).singleElement().asString().startsWith("gateway.helloTimeout:").contains("duration");
        var size = failure(VALID.replace("maxFrameBytes: 32KiB", "maxFrameBytes: big"), Map.of());
        assertThat(size.problems()).singleElement().asString().startsWith("gateway.maxFrameBytes:");
    }

    @Test
    void everyInvalidValueIsListedWithItsKey() {
        String bad = VALID
                .replace("port: 9090", "port: 70000")
                .replace("a-signing-secret-that-is-long-enough-123", "short")
                .replace("id: region-x", "id: Region X!")
                .replace("sha256: \"0000000000000000000000000000000000000000000000000000000000000000\"", "sha256: \"abc\"");
        var e = failure(bad, Map.of());
        assertThat(e.problems()).anyMatch(p -> p.startsWith("http.port:"))
                .anyMatch(p -> p.startsWith("tokens.signingSecret:"))
                .anyMatch(p -> p.startsWith("tenants[0].id:"))
                .anyMatch(p -> p.startsWith("tenants[0].apiKeys[0].sha256:"));
        assertThat(e.getMessage()).doesNotContain("short");
    }

    @Test
    void aTenantWithoutKeysOrWithAnInsecureWebhookIsRefused() {
        String noKeys = VALID.replace("""
                    keys:
                      hs256Secrets: ["region-x-secret-that-is-long-enough-0123"]
                """, "");
        assertThat(failure(noKeys, Map.of()).problems()).anyMatch(p -> p.startsWith("tenants[0].keys:"));
        String webhook = VALID + """
                    webhook:
                      url: http://platform.example/hooks
                      secret: "a-webhook-secret-that-is-long-enough-0123"
                """;
        assertThat(failure(webhook, Map.of()).problems()).anyMatch(p -> p.startsWith("tenants[0].webhook.url:") && p.contains("https"));
    }

    @Test
    void aMissingFileOrBrokenYamlIsReportedPlainly() {
        var missing = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader().load(dir.resolve("nope.yaml"), Map.of()));
        assertThat(missing.getMessage()).contains("no such file");
        var broken = failure("http: [port: 1", Map.of());
        assertThat(broken.getMessage()).contains("not valid YAML");
    }

    @Test
    void tenantsMustHaveDistinctIdsAndIssuers() {
        String twice = VALID + """
                  - id: region-x
                    issuer: https://platform.region-x.example
                    keys:
                      hs256Secrets: ["region-x-secret-that-is-long-enough-0123"]
                """;
        assertThat(failure(twice, Map.of()).problems())
                .contains("tenants[1].id: duplicates another tenant's id", "tenants[1].issuer: duplicates another tenant's issuer");
    }

    @Test
    void aTenantsChatRulesAreReadWithTheirDefaults() throws Exception {
        SamtalConfig plain = load(VALID, Map.of());
        assertThat(plain.tenants().get(0).chat().retentionDays()).isEqualTo(180);
        assertThat(plain.chat().maxMessageChars()).isEqualTo(4000);
        assertThat(plain.chat().purgeInterval()).isEqualTo(Duration.ofHours(1));

        SamtalConfig config = load(VALID + """
                    chat:
                      retentionDays: 90
                      lateJoinersSeeAll: true
                      replyWithin: {amount: 2, unit: workdays}
                      staffedHours:
                        zone: Europe/Stockholm
                        weekly: {mon: ["08:00-16:00"], fri: ["08:00-12:00"]}
                      urgentHelp: {sv: "Ring 112 vid fara."}
                chat:
                  messagesPerMinute: 12
                """, Map.of("SAMTAL_TENANTS__0__CHAT__RETENTION_DAYS", "60"));
        var chat = config.tenants().get(0).chat();
        assertThat(chat.retentionDays()).as("the environment wins").isEqualTo(60);
        assertThat(chat.policy().retention()).isEqualTo(Duration.ofDays(60));
        assertThat(chat.policy().lateJoinersSeeAll()).isTrue();
        assertThat(chat.policy().staffedHours().weekly()).containsOnlyKeys("mon", "fri");
        assertThat(chat.policy().replyWithin().amount()).isEqualTo(2);
        assertThat(chat.policy().urgentHelp()).containsEntry("sv", "Ring 112 vid fara.");
        assertThat(config.chat().messagesPerMinute()).isEqualTo(12);
    }

    @Test
    void badChatSettingsAreNamedByTheirKey() {
        var zone = failure(VALID + """
                    chat:
                      staffedHours: {zone: Mars/Olympus}
                """, Map.of());
        assertThat(zone.problems()).singleElement().asString()
                .startsWith("tenants[0].chat.staffedHours: 'zone' is not a known time zone");
        var limits = failure(VALID + """
                    chat:
                      retentionDays: 0
                      urgentHelp: {svenska: "x"}
                chat:
                  pageSize: 80
                  maxPageSize: 40
                """, Map.of());
        assertThat(limits.problems()).contains("tenants[0].chat.retentionDays: must be between 1 and 3650",
                "tenants[0].chat.urgentHelp: keys are two-letter language codes such as sv and en",
                "chat.pageSize: must not be larger than chat.maxPageSize");
    }
}
