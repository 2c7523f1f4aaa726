package se.samtal.signalling.room;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionStatus;
import se.samtal.protocol.Stage;
import se.samtal.signalling.call.CallLimits;
import se.samtal.signalling.call.CallView;
import se.samtal.signalling.call.GroupCall;
import se.samtal.signalling.call.Pairing;
import se.samtal.signalling.call.Topology;
import se.samtal.signalling.call.bridge.BridgeCommand;
import se.samtal.signalling.call.bridge.BridgeReport;
import se.samtal.signalling.media.DtlsFingerprint;
import se.samtal.signalling.media.Transport;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any sequence of arrivals, admissions, joins, leaves, drops, reconnects, lost grace, hang-ups and
 * bridge reports keeps every one in the call in it exactly once, with a topology that matches the
 * count and the deployment, connections that match the topology, and a room that, kept and
 * restored at any step, goes on exactly as the original.
 */
class CallOfManyPropertiesTest {
    private static final Instant START = Instant.parse("2026-11-23T09:00:00Z");
    private static final List<String> PEOPLE = List.of("t", "p1", "p2", "tolk", "anh", "obs");
    private static final Map<String, Role> ROLES = Map.of("t", Role.THERAPIST, "p1", Role.PATIENT, "p2", Role.PATIENT,
            "tolk", Role.INTERPRETER, "anh", Role.RELATIVE, "obs", Role.OBSERVER);

    enum Act { ARRIVE, ADMIT, JOIN, HANG_UP, DROP, RECONNECT, GRACE, LEAVE, SEND_BACK, BRIDGE_ALLOCATED, BRIDGE_UNAVAILABLE, BRIDGE_LOST }

    record Step(Act act, String who) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        // Weighted towards what fills a call, so that sequences reach calls of many and move between topologies.
        Arbitrary<Act> act = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(6, Act.ARRIVE), net.jqwik.api.Tuple.of(6, Act.ADMIT), net.jqwik.api.Tuple.of(8, Act.JOIN),
                net.jqwik.api.Tuple.of(2, Act.HANG_UP), net.jqwik.api.Tuple.of(2, Act.DROP), net.jqwik.api.Tuple.of(2, Act.RECONNECT),
                net.jqwik.api.Tuple.of(1, Act.GRACE), net.jqwik.api.Tuple.of(1, Act.LEAVE), net.jqwik.api.Tuple.of(1, Act.SEND_BACK),
                net.jqwik.api.Tuple.of(3, Act.BRIDGE_ALLOCATED), net.jqwik.api.Tuple.of(1, Act.BRIDGE_UNAVAILABLE),
                net.jqwik.api.Tuple.of(1, Act.BRIDGE_LOST));
        Arbitrary<Step> step = Combinators.combine(act, Arbitraries.of(PEOPLE)).as(Step::new);
        // The therapist is there first: nobody gets past the waiting room before a host.
        return step.list().ofMinSize(5).ofMaxSize(80).map(list -> {
            var all = new java.util.ArrayList<Step>();
            all.add(new Step(Act.ARRIVE, "t"));
            all.add(new Step(Act.JOIN, "t"));
            all.addAll(list);
            return all;
        });
    }

    @Property(tries = 300)
    void withABridge(@ForAll("steps") List<Step> steps) {
        run(steps, new CallLimits(5, 3, true));
    }

    @Property(tries = 300)
    void withoutABridge(@ForAll("steps") List<Step> steps) {
        run(steps, new CallLimits(6, 4, false));
    }

    private static Room room(RecordingEvents events, CallLimits limits, RoomState kept) {
        var policy = new RoomPolicy(EnumSet.of(Role.PATIENT, Role.GUEST), true, 16, Duration.ofMinutes(5), Duration.ofMinutes(10));
        var clock = new MutableClock(START);
        return kept == null
                ? new Room(policy, SessionStatus.SCHEDULED, START.plus(Duration.ofMinutes(45)), clock, events, EntryGate.OPEN,
                GroupCall.factory(limits))
                : Room.restore(policy, START.plus(Duration.ofMinutes(45)), clock, events, EntryGate.OPEN, GroupCall.factory(limits), kept);
    }

    private static void run(List<Step> steps, CallLimits limits) {
        var events = new RecordingEvents();
        Room room = room(events, limits, null);
        for (Step step : steps) {
            try {
                act(room, events, step);
            } catch (SamtalException refused) {
                // a refusal changes nothing: the invariants below must still hold
            }
            check(room, limits);
            net.jqwik.api.statistics.Statistics.label("topology with most in the call").collect(topologyNow(room));
            var restoredEvents = new RecordingEvents();
            Room restored = room(restoredEvents, limits, room.snapshot());
            assertThat(restored.snapshot()).isEqualTo(room.snapshot());
            for (String id : PEOPLE) {
                assertThat(restored.call().callViewOf(id)).isEqualTo(room.call().callViewOf(id));
            }
        }
    }

    private static void act(Room room, RecordingEvents events, Step step) {
        String id = step.who();
        switch (step.act()) {
            case ARRIVE -> {
                if (!room.holdsPlace(id)) {
                    room.arrive(id, ROLES.get(id), id);
                }
            }
            case ADMIT -> room.admit("t", id);
            case JOIN -> room.call().join(id);
            case HANG_UP -> room.call().leave(id);
            case DROP -> room.dropped(id);
            case RECONNECT -> {
                if (room.holdsPlace(id)) {
                    room.reconnect(id);
                }
            }
            case GRACE -> room.graceExpired(id);
            case LEAVE -> room.leave(id);
            case SEND_BACK -> room.sendBack("t", id);
            case BRIDGE_ALLOCATED, BRIDGE_UNAVAILABLE, BRIDGE_LOST -> lastAllocate(events).ifPresent(allocate ->
                    room.call().bridgeReported(switch (step.act()) {
                        case BRIDGE_ALLOCATED -> allocated(allocate);
                        case BRIDGE_UNAVAILABLE -> new BridgeReport.Unavailable(allocate.round(), "none");
                        default -> new BridgeReport.Lost(allocate.round(), "jvb-1", "gone");
                    }));
        }
    }

    private static java.util.Optional<BridgeCommand.Allocate> lastAllocate(RecordingEvents events) {
        var all = events.of(BridgeCommand.Allocate.class);
        return all.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(all.getLast());
    }

    private static BridgeReport.Allocated allocated(BridgeCommand.Allocate allocate) {
        var places = new HashMap<String, BridgeReport.Place>();
        allocate.endpoints().forEach((id, epoch) -> places.put(id, new BridgeReport.Place(epoch,
                new Transport("jvb" + id, "jvbpasswordjvbpasswordjvb", List.of(new DtlsFingerprint("sha-256",
                        "AB:".repeat(31) + "AB", "actpass")), List.of(), URI.create("ws://bridge/" + id)), List.of())));
        return new BridgeReport.Allocated(allocate.round(), "jvb-1", allocate.meetingId(), places);
    }

    /** The topology and the number in the call now: the statistics show the sequences reach calls of many. */
    private static String topologyNow(Room room) {
        long count = room.members().stream().filter(m -> m.stage() == Stage.IN_CALL).count();
        return room.members().stream().filter(m -> m.stage() == Stage.IN_CALL).findFirst()
                .flatMap(m -> room.call().callViewOf(m.id())).map(v -> v.topology().wire() + " " + count).orElse("none");
    }

    private static void check(Room room, CallLimits limits) {
        var inCall = new HashSet<String>();
        for (Member m : room.members()) {
            if (m.stage() == Stage.IN_CALL) {
                inCall.add(m.id());
            }
        }
        for (String id : PEOPLE) {
            var view = room.call().callViewOf(id);
            if (!inCall.contains(id)) {
                assertThat(view).as("%s is not in the call", id).isEmpty();
                continue;
            }
            assertThat(view).as("%s is in the call", id).isPresent();
            CallView v = view.get();
            assertThat(v.members()).as("everyone in the call, each once").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(inCall);
            int count = inCall.size();
            if (count <= 2) {
                assertThat(v.topology()).isEqualTo(Topology.P2P);
            } else if (limits.bridged()) {
                assertThat(v.topology()).isIn(Topology.BRIDGE, count <= limits.meshMost() ? Topology.MESH : Topology.BRIDGE);
            } else {
                assertThat(v.topology()).isEqualTo(Topology.MESH);
            }
            if (v.topology() == Topology.BRIDGE) {
                assertThat(v.bridge()).isNotNull();
                assertThat(v.links()).isEmpty();
            } else {
                assertThat(v.bridge()).isNull();
                Set<String> peers = new HashSet<>();
                for (Pairing link : v.links()) {
                    assertThat(inCall).contains(link.peerId());
                    assertThat(peers.add(link.peerId())).as("one connection per peer").isTrue();
                    var theirs = room.call().callViewOf(link.peerId()).orElseThrow().links().stream()
                            .filter(l -> l.peerId().equals(id)).toList();
                    assertThat(theirs).as("both sides of a connection agree").singleElement().satisfies(l -> {
                        assertThat(l.epoch()).isEqualTo(link.epoch());
                        assertThat(l.polite()).isNotEqualTo(link.polite());
                    });
                }
                for (String other : inCall) {
                    boolean exchange = ROLES.get(id) != Role.OBSERVER || ROLES.get(other) != Role.OBSERVER;
                    if (!other.equals(id) && exchange) {
                        assertThat(peers).as("%s connects with %s", id, other).contains(other);
                    }
                }
            }
        }
    }
}
