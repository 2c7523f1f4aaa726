package se.samtal.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A configuration file with one valid tenant, to which a test adds the tenant keys it is about. */
final class OneTenantYaml {
    private static final String TENANT = """
            tokens:
              signingSecret: "a-signing-secret-that-is-long-enough-123"
            tenants:
              - id: region-x
                issuer: https://platform.region-x.example
                keys:
                  hs256Secrets: ["region-x-secret-that-is-long-enough-0123"]
            """;

    private final Path dir;

    OneTenantYaml(Path dir) {
        this.dir = dir;
    }

    /** Loads the file with {@code tenantKeys} added to the tenant, and {@code env} as the environment. */
    SamtalConfig load(String tenantKeys, Map<String, String> env) throws Exception {
        return load(tenantKeys, "", env);
    }

    /**
     * Loads the file with {@code tenantKeys} added to the tenant and {@code after} following it as
     * written: top-level keys, or more tenants of the list.
     */
    SamtalConfig load(String tenantKeys, String after, Map<String, String> env) throws Exception {
        Path file = dir.resolve("samtal.yaml");
        Files.writeString(file, TENANT + tenantKeys.indent(4) + after);
        return new ConfigLoader().load(file, env);
    }

    /** The loader's refusal of the file with {@code tenantKeys} added to the tenant and {@code after} following it. */
    ConfigException refusal(String tenantKeys, String after) {
        return catchThrowableOfType(ConfigException.class, () -> load(tenantKeys, after, Map.of()));
    }

    SamtalConfig load(String tenantKeys) throws Exception {
        return load(tenantKeys, Map.of());
    }

    /** The problems the loader names for the file with {@code tenantKeys} added. */
    List<String> problems(String tenantKeys, Map<String, String> env) {
        return catchThrowableOfType(ConfigException.class, () -> load(tenantKeys, env)).problems();
    }

    List<String> problems(String tenantKeys) {
        return problems(tenantKeys, Map.of());
    }
}
