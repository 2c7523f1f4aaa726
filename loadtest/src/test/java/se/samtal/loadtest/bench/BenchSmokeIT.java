package se.samtal.loadtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.protocol.WireCodec;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness end to end with small numbers (bin/bench --smoke): every benchmark runs against
 * the packaged server (and B2 against the bare baseline too) and nothing fails. Figures are not
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
        assertThat(written.path("benchmarks").findValuesAsText("id")).containsExactlyElementsOf(List.of("B1", "B2", "B3", "B4", "B5"));
        var b1 = written.path("benchmarks").get(0).path("figures");
        assertThat(b1.path("held").asInt()).isEqualTo(b1.path("attempted").asInt());
        var b2 = written.path("benchmarks").get(1).path("figures");
        assertThat(b2.path("samtalSteps")).isNotEmpty();
        assertThat(b2.path("bareSteps")).isNotEmpty();
    }
}
