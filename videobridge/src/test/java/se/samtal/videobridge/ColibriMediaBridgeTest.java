package se.samtal.videobridge;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.samtal.signalling.call.bridge.BridgeCommand;
import se.samtal.signalling.call.bridge.BridgeReport;
import se.samtal.signalling.media.DtlsFingerprint;
import se.samtal.signalling.media.Source;
import se.samtal.signalling.media.Transport;
import se.samtal.videobridge.colibri.BridgeClient;
import se.samtal.videobridge.select.BridgeSelector;
import se.samtal.videobridge.testing.FakeVideobridge;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The engine's bridge port carried out on bridge doubles that keep the real bridge's rules. */
class ColibriMediaBridgeTest {
    private final FakeVideobridge one = FakeVideobridge.start("jvb-1");
    private final FakeVideobridge two = FakeVideobridge.start("jvb-2");
    private final HttpClient http = BridgeClient.newHttpClient();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final List<BridgeReport> reports = new CopyOnWriteArrayList<>();
    private BridgeSelector selector;
    private ColibriMediaBridge bridge;

    private void start(FakeVideobridge... bridges) {
        var configured = java.util.Arrays.stream(bridges).map(b -> new Videobridge(b.id(), b.restUrl(), null, 1)).toList();
        selector = new BridgeSelector(configured, b -> new BridgeClient(b, http));
        bridge = new ColibriMediaBridge(selector, null, timers, Duration.ofMillis(200));
    }

    @AfterEach
    void stop() {
        bridge.close();
        timers.shutdownNow();
        one.close();
        two.close();
        http.close();
    }

    private static Map<String, Long> endpoints(String... ids) {
        var map = new LinkedHashMap<String, Long>();
        for (int i = 0; i < ids.length; i++) {
            map.put(ids[i], (long) i + 1);
        }
        return map;
    }

    private void perform(BridgeCommand command) {
        bridge.perform("region-a", "s_1", command, reports::add);
    }

    private <T extends BridgeReport> T awaitReport(Class<T> type) {
        return type.cast(await().atMost(Duration.ofSeconds(20)).until(
                () -> reports.stream().filter(type::isInstance).findFirst().orElse(null), r -> r != null));
    }

    @Test
    void aConferenceIsMadeOneEndpointAtATimeAndItsPlacesReported() {
        start(one);
        perform(new BridgeCommand.Allocate(1, null, Set.of(), "m-1", true, endpoints("p_a", "p_b", "p_c")));

        var allocated = awaitReport(BridgeReport.Allocated.class);
        assertThat(allocated.bridgeId()).isEqualTo("jvb-1");
        assertThat(allocated.places()).containsOnlyKeys("p_a", "p_b", "p_c");
        assertThat(allocated.places().get("p_b").epoch()).isEqualTo(2);
        assertThat(allocated.places().get("p_a").feedback()).extracting(Source::name).containsExactly("jvb-a0", "jvb-v0");
        assertThat(one.conference("m-1").orElseThrow().endpoints()).containsOnlyKeys("p_a", "p_b", "p_c");
        assertThat(one.requests()).hasSize(3);
        assertThat(one.refusals()).isEmpty();

        var browser = new Transport("brws", "browserpasswordbrowserpw", List.of(new DtlsFingerprint("sha-256",
                "AB:".repeat(31) + "AB", "active")), List.of(), null);
        perform(new BridgeCommand.Update(1, "jvb-1", "m-1", "p_a", browser, List.of(Source.audio("p_a", 7))));
        perform(new BridgeCommand.Expire(1, "jvb-1", "m-1", "p_c"));
        await().atMost(Duration.ofSeconds(10)).until(() -> one.conference("m-1").orElseThrow().endpoints().size() == 2);
        assertThat(one.conference("m-1").orElseThrow().endpoints().get("p_a").sources()).containsExactly(Source.audio("p_a", 7));
        perform(new BridgeCommand.End(1, "jvb-1", "m-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> one.conference("m-1").isEmpty());
    }

    @Test
    void aBridgeThatDiesWhileAConferenceIsMadeIsPassedForTheNext() {
        start(one, two);
        one.stress(0.0);
        two.stress(0.9);
        selector.refresh();
        one.kill();
        perform(new BridgeCommand.Allocate(1, null, Set.of(), "m-2", true, endpoints("p_a", "p_b", "p_c")));

        var allocated = awaitReport(BridgeReport.Allocated.class);
        assertThat(allocated.bridgeId()).isEqualTo("jvb-2");
        assertThat(two.conference("m-2")).isPresent();
        assertThat(selector.choose(null, Set.of())).map(c -> c.bridge().id()).hasValue("jvb-2");
    }

    @Test
    void aBridgeThatDiesUnderARunningConferenceIsReportedLost() {
        start(one, two);
        perform(new BridgeCommand.Allocate(1, null, Set.of(), "m-3", true, endpoints("p_a", "p_b", "p_c")));
        var allocated = awaitReport(BridgeReport.Allocated.class);
        FakeVideobridge on = allocated.bridgeId().equals("jvb-1") ? one : two;
        on.kill();
        perform(new BridgeCommand.Allocate(1, allocated.bridgeId(), Set.of(), "m-3", false, endpoints("p_d")));

        var lost = awaitReport(BridgeReport.Lost.class);
        assertThat(lost.round()).isEqualTo(1);
        assertThat(lost.bridgeId()).isEqualTo(allocated.bridgeId());
    }

    @Test
    void aBridgeFoundUnhealthyByItsCheckIsReportedLostForEveryConferenceOnIt() {
        start(one, two);
        perform(new BridgeCommand.Allocate(1, null, Set.of(), "m-6", true, endpoints("p_a", "p_b", "p_c")));
        var allocated = awaitReport(BridgeReport.Allocated.class);
        (allocated.bridgeId().equals("jvb-1") ? one : two).healthy(false);
        selector.refresh();

        var lost = awaitReport(BridgeReport.Lost.class);
        assertThat(lost.bridgeId()).isEqualTo(allocated.bridgeId());
        assertThat(lost.round()).isEqualTo(1);
        selector.refresh();
        assertThat(reports).filteredOn(BridgeReport.Lost.class::isInstance).as("once").hasSize(1);
    }

    @Test
    void withNoBridgeTheCallIsToldAndTheAllocationTriedAgainUntilOneAnswers() {
        start(one);
        one.healthy(false);
        selector.refresh();
        perform(new BridgeCommand.Allocate(1, null, Set.of(), "m-4", true, endpoints("p_a", "p_b", "p_c")));

        var unavailable = awaitReport(BridgeReport.Unavailable.class);
        assertThat(unavailable.round()).isEqualTo(1);
        one.healthy(true);
        selector.refresh();
        var allocated = awaitReport(BridgeReport.Allocated.class);
        assertThat(allocated.places()).hasSize(3);
        assertThat(reports).filteredOn(BridgeReport.Unavailable.class::isInstance).as("told once").hasSize(1);
    }

    @Test
    void anAllocationOfAnOlderRoundIsDropped() {
        start(one);
        one.healthy(false);
        selector.refresh();
        perform(new BridgeCommand.Allocate(1, null, Set.of(), "m-5", true, endpoints("p_a", "p_b", "p_c")));
        awaitReport(BridgeReport.Unavailable.class);
        perform(new BridgeCommand.End(1, null, "m-5"));
        one.healthy(true);
        selector.refresh();
        // Retries come every 200 ms here: for two seconds, none may make a conference for the ended round.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> one.conferences().isEmpty() && reports.stream().noneMatch(BridgeReport.Allocated.class::isInstance));
    }
}
