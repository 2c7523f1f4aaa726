package se.samtal.loadtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.loadtest.process.RedisProcess;
import se.samtal.protocol.WireCodec;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness end to end with small numbers (bin/bench --smoke): every benchmark runs against
 * the packaged server (B2 against the bare baseline too, B6 against two nodes on a Redis where
 * {@code redis-server} is installed, as in CI) and nothing fails. Figures are not
 * checked: CI machines differ, and timings belong to the full run.
 */
class BenchSmokeIT {

    @Test
    void everyBenchmarkRunsWithoutErrorsAndTheReportNamesTheMachine(@TempDir Path dir) throws Exception {
        var options = new Bench.Options(Profile.SMOKE, Set.of(), dir.resolve("bench.json"),
                Path.of(System.getProperty("samtal.jar")), System.getProperty("bench.jar"), dir.resolve("run"),
                Bench.SMOKE_SERVER_FLAGS, 2);

        var run = Bench.run(options);

        assertThat(run.get("errorCount")).as("errors in %s", run.get("benchmarks")).isEqualTo(0);
        JsonNode written = new WireCodec().mapper().readTree(dir.resolve("bench.json").toFile());
        assertThat(written.path("machine").path("cores").asInt()).isPositive();
        assertThat(written.path("machine").path("memoryBytes").asLong()).isPositive();
        assertThat(written.path("serverJvmFlags")).isNotEmpty();
        assertThat(written.path("serverVmFlags").asText()).contains("MaxHeapSize");
        assertThat(written.path("benchmarks").findValuesAsText("id")).containsExactlyElementsOf(
                List.of("B1", "B2", "B3", "B4", "B5", "B6"));
        assertThat(written.path("benchmarks").findValues("calibrationMs")).hasSize(6)
                .allSatisfy(ms -> assertThat(ms.asDouble()).as("the servers' CPU measured before each").isPositive());
        var b1 = written.path("benchmarks").get(0).path("figures");
        assertThat(b1.path("held").asInt()).isEqualTo(b1.path("attempted").asInt());
        assertThat(b1.path("active").path("activeConnections").asInt()).isPositive();
        assertThat(b1.path("active").path("deliveredPerSecond").asDouble()).isPositive();
        var b2 = written.path("benchmarks").get(1).path("figures");
        assertThat(b2.path("samtalSteps")).isNotEmpty();
        assertThat(b2.path("bareSteps")).isNotEmpty();
        assertThat(b2.path("light").path("throughput").asDouble()).isPositive();
        var b4 = written.path("benchmarks").get(3).path("figures");
        assertThat(b4.path("light").path("throughput").asDouble()).isPositive();
        var b6 = written.path("benchmarks").get(5).path("figures");
        if (RedisProcess.unavailable() == null) {
            assertThat(b6.path("window").path("sameNode").path("count").asLong()).isPositive();
            assertThat(b6.path("window").path("otherNode").path("count").asLong()).isPositive();
        } else {
            assertThat(b6.path("skipped").asText()).isEqualTo(RedisProcess.unavailable());
        }
    }
}
