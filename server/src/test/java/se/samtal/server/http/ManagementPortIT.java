package se.samtal.server.http;

import org.junit.jupiter.api.Test;
import se.samtal.server.testing.TestServer;

import java.net.http.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code http.managementPort}, {@code /metrics} is on that port only, and the public port
 * answers it 404 (docs/operations.md, deployment). Without one it stays on the public port.
 */
class ManagementPortIT {

    @Test
    void metricsMoveToTheManagementPortAndLeaveThePublicOne() {
        try (var server = TestServer.start(config -> config.with("http").put("managementPort", 0));
             var http = HttpClient.newHttpClient()) {
            var management = server.server().managementUri().orElseThrow();
            assertThat(server.get("/metrics").status()).isEqualTo(404);
            var metrics = TestServer.call(http, management, "GET", "/metrics", null, null);
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.raw().body()).contains("samtal_connections_open");
            assertThat(TestServer.call(http, management, "GET", "/readyz", null, null).status()).isEqualTo(200);
            assertThat(TestServer.call(http, management, "GET", "/healthz", null, null).status()).isEqualTo(200);
            assertThat(TestServer.call(http, management, "GET", "/join", null, null).status())
                    .as("the management port serves nothing else").isEqualTo(404);
            assertThat(TestServer.call(http, management, "GET", "/api/v1/sessions", null, TestServer.API_KEY).status())
                    .isEqualTo(404);
            assertThat(server.get("/healthz").status()).as("health stays on the public port for load balancers").isEqualTo(200);
            assertThat(server.get("/readyz").status()).isEqualTo(200);
        }
    }

    @Test
    void withoutAManagementPortMetricsAreOnThePublicPort() {
        try (var server = TestServer.start()) {
            assertThat(server.get("/metrics").status()).isEqualTo(200);
            assertThat(server.server().managementUri()).isEmpty();
        }
    }
}
