package se.samtal.videobridge.select;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.samtal.videobridge.Videobridge;
import se.samtal.videobridge.colibri.BridgeClient;
import se.samtal.videobridge.testing.FakeVideobridge;

import java.net.http.HttpClient;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A new call goes to the least loaded healthy bridge, preferring the region asked for. */
class BridgeSelectorTest {
    private final FakeVideobridge north = FakeVideobridge.start("north-1");
    private final FakeVideobridge south = FakeVideobridge.start("south-1");
    private final FakeVideobridge south2 = FakeVideobridge.start("south-2");
    private final HttpClient http = BridgeClient.newHttpClient();
    private final BridgeSelector selector = new BridgeSelector(List.of(
            new Videobridge("north-1", north.restUrl(), "north", 1),
            new Videobridge("south-1", south.restUrl(), "south", 1),
            new Videobridge("south-2", south2.restUrl(), "south", 2)), bridge -> new BridgeClient(bridge, http));

    @AfterEach
    void stop() {
        north.close();
        south.close();
        south2.close();
        http.close();
    }

    private String chosen(String region, Set<String> excluded) {
        return selector.choose(region, excluded).map(c -> c.bridge().id()).orElse(null);
    }

    @Test
    void theLeastLoadedHealthyBridgeByWeightInThePreferredRegion() {
        north.stress(0.0);
        south.stress(0.3);
        south2.stress(0.5); // weight 2: a load of 0.25
        selector.refresh();
        assertThat(chosen("south", Set.of())).isEqualTo("south-2");
        assertThat(chosen(null, Set.of())).isEqualTo("north-1");
        assertThat(chosen("east", Set.of())).as("no bridge in the region: any").isEqualTo("north-1");
        assertThat(chosen("south", Set.of("south-2"))).isEqualTo("south-1");
    }

    @Test
    void anUnhealthyOrFailedBridgeIsNotChosenUntilItsCheckPasses() {
        south2.healthy(false);
        selector.refresh();
        assertThat(chosen("south", Set.of())).isEqualTo("south-1");
        selector.failed("south-1");
        assertThat(chosen("south", Set.of())).as("the other region's bridge rather than none").isEqualTo("north-1");
        north.kill();
        selector.refresh();
        assertThat(chosen("south", Set.of())).as("south-1 answered its check again").isEqualTo("south-1");
        south.healthy(false);
        selector.refresh();
        assertThat(selector.choose("south", Set.of())).isEmpty();
    }
}
