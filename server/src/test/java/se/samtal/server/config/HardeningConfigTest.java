package se.samtal.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The keys of failed-login limits, proxies, origins, the management port and TLS: defaults, and bad values named by key. */
class HardeningConfigTest {
    @TempDir
    Path dir;

    private SamtalConfig load(String topLevel) throws Exception {
        return new OneTenantYaml(dir).load("", topLevel, Map.of());
    }

    private List<String> problems(String topLevel) {
        return new OneTenantYaml(dir).refusal("", topLevel).problems();
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() throws Exception {
        var config = load("");
        assertThat(config.auth().failuresPerAddress()).isEqualTo(10);
        assertThat(config.auth().failuresPerAddressPerMinute()).isEqualTo(6);
        assertThat(config.auth().failuresPerTenant()).isEqualTo(100);
        assertThat(config.auth().failuresPerTenantPerMinute()).isEqualTo(60);
        assertThat(config.auth().failureSummaryWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.http().clientAddressHeader()).isNull();
        assertThat(config.http().trustedProxies()).isEmpty();
        assertThat(config.http().allowedOrigins()).isEmpty();
        assertThat(config.http().managementPort()).isNull();
        assertThat(config.http().managementBindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.http().tls()).isNull();
    }

    @Test
    void tlsHasItsDefaults() throws Exception {
        var tls = load("""
                http:
                  tls:
                    certificate: /etc/samtal/fullchain.pem
                    privateKey: /etc/samtal/privkey.pem
                """).http().tls();
        assertThat(tls.reloadInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(tls.hstsMaxAge()).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void badValuesAreNamedByTheirKeys() {
        var problems = problems("""
                http:
                  clientAddressHeader: "X Forwarded For"
                  trustedProxies: [proxy.example, 10.0.0.0/33]
                  allowedOrigins: [https://portal.example/path, "*"]
                  managementPort: 70000
                  tls:
                    reloadInterval: 0s
                auth:
                  failuresPerAddress: 0
                  failureSummaryWindow: 2h
                """);
        assertThat(problems).anyMatch(p -> p.startsWith("http.clientAddressHeader:"))
                .anyMatch(p -> p.startsWith("http.trustedProxies[0]:"))
                .anyMatch(p -> p.startsWith("http.trustedProxies[1]:"))
                .anyMatch(p -> p.startsWith("http.allowedOrigins[0]:"))
                .anyMatch(p -> p.startsWith("http.allowedOrigins[1]:"))
                .anyMatch(p -> p.startsWith("http.managementPort:"))
                .anyMatch(p -> p.startsWith("http.tls.certificate:"))
                .anyMatch(p -> p.startsWith("http.tls.privateKey:"))
                .anyMatch(p -> p.startsWith("http.tls.reloadInterval:"))
                .anyMatch(p -> p.startsWith("auth.failuresPerAddress:"))
                .anyMatch(p -> p.startsWith("auth.failureSummaryWindow:"));
    }

    @Test
    void aForwardingHeaderNeedsTheProxiesItIsBelievedFrom() {
        assertThat(problems("""
                http:
                  clientAddressHeader: X-Forwarded-For
                """)).anyMatch(p -> p.startsWith("http.trustedProxies:"));
    }
}
