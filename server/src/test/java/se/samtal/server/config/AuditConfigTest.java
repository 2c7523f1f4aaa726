package se.samtal.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Where the audit trail is kept and how long each tenant keeps it: defaults, and every bad value named by its key. */
class AuditConfigTest {
    private static final String BASE = """
            tokens:
              signingSecret: "a-signing-secret-that-is-long-enough-123"
            """;
    private static final String TENANT = """
            tenants:
              - id: region-x
                issuer: https://platform.region-x.example
                keys:
                  hs256Secrets: ["region-x-secret-that-is-long-enough-0123"]
            """;

    @TempDir
    Path dir;

    private SamtalConfig load(String top, String tenant) throws Exception {
        Path file = dir.resolve("samtal.yaml");
        Files.writeString(file, BASE + top + TENANT + tenant.indent(4));
        return new ConfigLoader().load(file, Map.of());
    }

    private List<String> problems(String top, String tenant) {
        return catchThrowableOfType(ConfigException.class, () -> load(top, tenant)).problems();
    }

    @Test
    void byDefaultTheTrailIsEmbeddedAndKeptTenYears() throws Exception {
        var config = load("", "");
        assertThat(config.audit().redisUrl()).isNull();
        assertThat(config.audit().purgeInterval()).isEqualTo(Duration.ofHours(6));
        assertThat(config.audit().unattributedRetentionDays()).isEqualTo(3650);
        assertThat(config.tenants().get(0).audit().retention()).isEqualTo(Duration.ofDays(3650));
    }

    @Test
    void aTenantSetsItsOwnRetentionAndTheTrailCanLiveInRedis() throws Exception {
        var config = load("""
                audit:
                  redisUrl: redis://audit.internal:6379/2
                  purgeInterval: 1h
                """, """
                chat:
                  retentionDays: 90
                audit:
                  retentionDays: 1825
                """);
        assertThat(config.audit().redisUrl()).isEqualTo("redis://audit.internal:6379/2");
        assertThat(config.tenants().get(0).audit().retention()).isEqualTo(Duration.ofDays(1825));
    }

    @Test
    void badValuesAreNamedByTheirKeysWithoutEchoingThem() {
        var problems = problems("""
                audit:
                  redisUrl: http://user:secret-password@audit.internal
                  purgeInterval: 0s
                  unattributedRetentionDays: 5
                """, """
                chat:
                  retentionDays: 400
                audit:
                  retentionDays: 365
                """);
        assertThat(problems).anyMatch(p -> p.startsWith("audit.redisUrl:"))
                .anyMatch(p -> p.startsWith("audit.purgeInterval:"))
                .anyMatch(p -> p.startsWith("audit.unattributedRetentionDays:"))
                .anyMatch(p -> p.startsWith("tenants[0].audit.retentionDays:") && p.contains("chat.retentionDays"))
                .noneMatch(p -> p.contains("secret-password"));
        assertThat(problems("", "audit: {retentionDays: 10}")).anyMatch(p -> p.startsWith("tenants[0].audit.retentionDays:"));
        assertThat(problems("", "audit: {keepForever: true}")).contains("tenants[0].audit.keepForever: unknown key");
    }
}
