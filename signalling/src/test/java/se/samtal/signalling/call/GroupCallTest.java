package se.samtal.signalling.call;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionDescription;
import se.samtal.signalling.call.CallView.BridgeState;
import se.samtal.signalling.call.bridge.BridgeCommand;
import se.samtal.signalling.call.bridge.BridgeReport;
import se.samtal.signalling.media.Candidate;
import se.samtal.signalling.media.DtlsFingerprint;
import se.samtal.signalling.media.Source;
import se.samtal.signalling.media.Transport;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The group call on its own, as a room drives it: ids in; pairings, views, offers and bridge commands out. */
class GroupCallTest {
    private static final SessionDescription OFFER = new SessionDescription("offer", "v=0\r\n");
    private static final IceCandidate CANDIDATE = new IceCandidate("candidate:1 1 udp 1 192.0.2.1 9 typ host", "0", 0, null);

    private final List<String> told = new ArrayList<>();
    private final Map<String, CallView> views = new HashMap<>();
    private final Map<String, BridgedOffer> offers = new HashMap<>();
    private final List<BridgeCommand> commands = new ArrayList<>();
    private final Set<String> away = new HashSet<>();
    private final Set<String> observers = new HashSet<>();
    private final CallEvents events = new CallEvents() {
        @Override
        public void peerChanged(String to, String peer, boolean polite, long epoch) {
            told.add(to + "->" + peer + (polite ? " polite " : " impolite ") + epoch);
        }

        @Override
        public void callChanged(String to, CallView view) {
            views.put(to, view);
        }

        @Override
        public void signalled(String to, String from, long epoch, SessionDescription description, IceCandidate candidate) {
            told.add(from + "=>" + to + " " + epoch + (description != null ? " " + description.type() : " candidate"));
        }

        @Override
        public void bridgeOffered(String to, BridgedOffer offer) {
            offers.put(to, offer);
        }

        @Override
        public void bridgeCommanded(BridgeCommand command) {
            commands.add(command);
        }
    };
    private final CallPeople people = new CallPeople() {
        @Override
        public boolean reachable(String participantId) {
            return !away.contains(participantId);
        }

        @Override
        public boolean sends(String participantId) {
            return !observers.contains(participantId);
        }
    };

    private Call open(CallLimits limits) {
        return GroupCall.factory(limits).open(events, people, null);
    }

    private static ErrorCode codeOf(Runnable action) {
        return catchThrowableOfType(SamtalException.class, action::run).code();
    }

    static Transport transport(String ufrag, String channel) {
        return new Transport(ufrag, ufrag + "passwordpasswordpassword", List.of(new DtlsFingerprint("sha-256",
                "AB:".repeat(31) + "AB", channel == null ? "active" : "actpass")), List.of(), channel == null ? null : URI.create(channel));
    }

    private static BridgeReport.Allocated allocated(BridgeCommand.Allocate allocate, String bridgeId) {
        var places = new HashMap<String, BridgeReport.Place>();
        allocate.endpoints().forEach((id, epoch) -> places.put(id, new BridgeReport.Place(epoch,
                transport("jvb" + id.replace("_", ""), "ws://bridge/colibri-ws/" + id), List.of(
                        new Source("jvb", "jvb-a0", se.samtal.signalling.media.MediaKind.AUDIO, 11, 0)))));
        return new BridgeReport.Allocated(allocate.round(), bridgeId, allocate.meetingId(), places);
    }

    private BridgeCommand.Allocate lastAllocate() {
        for (int i = commands.size() - 1; i >= 0; i--) {
            if (commands.get(i) instanceof BridgeCommand.Allocate allocate) {
                return allocate;
            }
        }
        throw new AssertionError("no Allocate in " + commands);
    }

    // ---- two ----

    @Test
    void twoArePeerToPeerTheFirstInPoliteAndAThirdFindsACallOfTwoFull() {
        var call = open(new CallLimits(2, 2, false));
        assertThat(call.enter("a")).as("alone").isFalse();
        assertThat(call.enter("b")).isTrue();

        assertThat(told).containsExactly("a->b polite 1", "b->a impolite 1");
        assertThat(call.pairingsOf("b")).containsExactly(new Pairing("a", false, 1));
        assertThat(views.get("a")).isEqualTo(new CallView(Topology.P2P, List.of("a", "b"), List.of(new Pairing("b", true, 1)), null));
        call.relay("b", "a", 1L, OFFER, null);
        assertThat(told).last().isEqualTo("b=>a 1 offer");

        var before = call.snapshot();
        assertThat(codeOf(() -> call.enter("c"))).isEqualTo(ErrorCode.CALL_FULL);
        assertThat(call.snapshot()).isEqualTo(before);
        call.checkRoomFor("a"); // those in it may always enter again
    }

    @Test
    void whoIsLeftBehindIsToldAndTheNextPairHasANewEpoch() {
        var call = open(new CallLimits(2, 2, false));
        call.enter("a");
        call.enter("b");
        call.leave("a");
        call.enter("c");

        assertThat(told).containsSubsequence("b->null impolite 2", "b->c polite 3", "c->b impolite 3");
        assertThat(codeOf(() -> call.relay("c", "b", 1L, OFFER, null))).isEqualTo(ErrorCode.CONFLICT);
        away.add("b");
        assertThat(codeOf(() -> call.relay("c", "b", 3L, OFFER, null))).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(codeOf(() -> call.relay("a", "b", 3L, OFFER, null))).isEqualTo(ErrorCode.NOT_IN_CALL);
    }

    @Test
    void aRestoredCallGoesOnAsTheOriginal() {
        var call = open(CallLimits.defaults(false));
        call.enter("a");
        call.enter("b");
        call.enter("c");
        for (int i = 0; i < SignalRules.MAX_CANDIDATES_PER_DESCRIPTION; i++) {
            call.relay("a", "b", 1L, null, CANDIDATE);
        }
        Call restored = GroupCall.factory(CallLimits.defaults(false)).open(events, people, call.snapshot());

        assertThat(restored.snapshot()).isEqualTo(call.snapshot());
        assertThat(codeOf(() -> restored.relay("a", "b", 1L, null, CANDIDATE))).isEqualTo(ErrorCode.TOO_MANY_CANDIDATES);
        restored.relay("a", "c", restored.viewOf("a").orElseThrow().links().get(1).epoch(), null, CANDIDATE);
        assertThat(restored.viewOf("c")).isEqualTo(call.viewOf("c"));
    }

    // ---- a mesh ----

    @Test
    void aThirdTurnsTheCallIntoAMeshThatKeepsTheFirstTwosConnection() {
        var call = open(CallLimits.defaults(false));
        call.enter("a");
        call.enter("b");
        told.clear();
        call.enter("c");

        assertThat(told).as("the two are told, in the words of a call of two, that it is no longer one")
                .containsExactlyInAnyOrder("a->null impolite 1", "b->null impolite 1");
        assertThat(views.get("a").topology()).isEqualTo(Topology.MESH);
        assertThat(views.get("a").links()).containsExactly(new Pairing("b", true, 1), new Pairing("c", true, 2));
        assertThat(views.get("b").links()).containsExactly(new Pairing("a", false, 1), new Pairing("c", true, 3));
        assertThat(views.get("c").links()).containsExactly(new Pairing("a", false, 2), new Pairing("b", false, 3));
        assertThat(views.get("c").members()).containsExactly("a", "b", "c");
        assertThat(call.pairingsOf("a")).as("call.peer speaks of calls of two only").isEmpty();
        call.relay("c", "b", 3L, OFFER, null);
        assertThat(told).last().isEqualTo("c=>b 3 offer");
        assertThat(commands).isEmpty();
    }

    @Test
    void aMeshIsFullAtItsMostAndBackAtTwoThePairKeepsItsConnection() {
        var call = open(new CallLimits(12, 3, false));
        call.enter("a");
        call.enter("b");
        call.enter("c");
        var full = catchThrowableOfType(SamtalException.class, () -> call.enter("d"));
        assertThat(full.code()).isEqualTo(ErrorCode.CALL_FULL);
        assertThat(full.getMessage()).contains("Without a video bridge", "3");

        told.clear();
        call.leave("a");
        assertThat(views.get("b")).isEqualTo(new CallView(Topology.P2P, List.of("b", "c"), List.of(new Pairing("c", true, 3)), null));
        assertThat(told).containsExactly("b->c polite 3", "c->b impolite 3");
        assertThat(views).doesNotContainKey("d");
    }

    @Test
    void observersReceiveAndDoNotSend() {
        observers.add("o1");
        observers.add("o2");
        var call = open(CallLimits.defaults(false));
        call.enter("t");
        call.enter("o1");
        call.enter("o2");

        assertThat(views.get("o1").links()).extracting(Pairing::peerId).as("no connection between two who only receive")
                .containsExactly("t");
        var sendingOffer = new SessionDescription("offer", "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendrecv\r\na=ssrc:1 cname:x\r\n");
        long epoch = views.get("o1").links().getFirst().epoch();
        assertThat(codeOf(() -> call.relay("o1", "t", epoch, sendingOffer, null))).isEqualTo(ErrorCode.FORBIDDEN);
        call.relay("o1", "t", epoch, new SessionDescription("offer",
                "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=recvonly\r\n"), null);
        call.relay("t", "o1", epoch, sendingOffer, null);
    }

    // ---- the bridge ----

    @Test
    void aThirdMovesTheCallToTheBridgeWhereEveryoneGetsAConnectionAndTheirOffers() {
        var call = open(CallLimits.defaults(true));
        call.enter("a");
        call.enter("b");
        call.enter("c");

        assertThat(views.get("a").topology()).isEqualTo(Topology.BRIDGE);
        assertThat(views.get("a").bridge().state()).isEqualTo(BridgeState.CONNECTING);
        var allocate = lastAllocate();
        assertThat(allocate.create()).isTrue();
        assertThat(allocate.endpoints()).containsOnlyKeys("a", "b", "c");
        assertThat(offers).isEmpty();

        call.bridgeReported(allocated(allocate, "jvb-1"));
        assertThat(views.get("b").bridge().state()).isEqualTo(BridgeState.READY);
        assertThat(views.get("b").bridge().channel()).hasToString("ws://bridge/colibri-ws/b");
        assertThat(offers).containsOnlyKeys("a", "b", "c");
        assertThat(offers.get("a").version()).isEqualTo(1);
        assertThat(offers.get("a").layout().remote()).isEmpty();

        call.bridgeAnswered("a", offers.get("a").epoch(), 2, transport("brwsa", null),
                List.of(Source.audio("a", 100), Source.video("a", 200, 201)));
        assertThat(commands).last().isInstanceOf(BridgeCommand.Update.class);
        assertThat(offers.get("b").version()).isEqualTo(2);
        assertThat(offers.get("b").layout().remote()).containsExactly(Source.audio("a", 100), Source.video("a", 200, 201));
        assertThat(offers.get("a").version()).as("a's own offer does not change for its own sources").isEqualTo(1);

        assertThat(codeOf(() -> call.bridgeAnswered("b", 999L, 2, transport("brwsb", null), List.of())))
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(codeOf(() -> call.relay("a", "b", 1L, OFFER, null))).isEqualTo(ErrorCode.NOT_IN_CALL);
        assertThat(codeOf(() -> call.bridgeAnswered("c", offers.get("c").epoch(), 5, transport("brwsc", null), List.of())))
                .as("an answer to no offer made").isEqualTo(ErrorCode.BAD_REQUEST);
        call.bridgeAnswered("c", offers.get("c").epoch(), 2, transport("brwsc", null), List.of(Source.audio("c", 300)));
        assertThat(offers.get("a").layout().remote()).as("an answer to an earlier offer still says what c sends")
                .containsExactly(Source.audio("c", 300));
        call.bridgeCandidate("a", offers.get("a").epoch(), Candidate.host("3", 1, "192.0.2.3", 5000));
        assertThat(((BridgeCommand.Update) commands.getLast()).transport().candidates()).hasSize(1);
    }

    @Test
    void aNewcomerGetsAPlaceOnTheBridgeAndLeavingTakesTheirSourcesFromEveryOffer() {
        var call = open(CallLimits.defaults(true));
        call.enter("a");
        call.enter("b");
        call.enter("c");
        call.bridgeReported(allocated(lastAllocate(), "jvb-1"));
        call.bridgeAnswered("a", offers.get("a").epoch(), 2, transport("brwsa", null), List.of(Source.audio("a", 100)));

        call.enter("d");
        var allocate = lastAllocate();
        assertThat(allocate.create()).isFalse();
        assertThat(allocate.bridgeId()).isEqualTo("jvb-1");
        assertThat(allocate.endpoints()).containsOnlyKeys("d");
        call.bridgeReported(allocated(allocate, "jvb-1"));
        assertThat(offers.get("d").layout().remote()).containsExactly(Source.audio("a", 100));

        long bVersion = offers.get("b").version();
        call.leave("a");
        assertThat(commands).anySatisfy(c -> assertThat(c).isEqualTo(new BridgeCommand.Expire(allocate.round(), "jvb-1",
                allocate.meetingId(), "a")));
        assertThat(offers.get("b").version()).isEqualTo(bVersion + 1);
        assertThat(offers.get("b").layout().remote()).containsOnlyNulls();
        assertThat(views.get("b").members()).containsExactly("b", "c", "d");
    }

    @Test
    void backAtTwoTheConferenceEndsAndThePairGetsAFreshPeerConnection() {
        var call = open(CallLimits.defaults(true));
        call.enter("a");
        call.enter("b");
        call.enter("c");
        call.bridgeReported(allocated(lastAllocate(), "jvb-1"));
        told.clear();
        call.leave("c");

        assertThat(commands).last().isInstanceOf(BridgeCommand.End.class);
        assertThat(views.get("a").topology()).isEqualTo(Topology.P2P);
        assertThat(views.get("a").links()).singleElement().satisfies(p -> assertThat(p.peerId()).isEqualTo("b"));
        assertThat(told).hasSize(2).allSatisfy(line -> assertThat(line).doesNotContain("null"));
    }

    @Test
    void aLostBridgeMovesTheConferenceAndNoBridgeFallsBackToAMeshWhereItCan() {
        var call = open(CallLimits.defaults(true));
        call.enter("a");
        call.enter("b");
        call.enter("c");
        var first = lastAllocate();
        call.bridgeReported(allocated(first, "jvb-1"));
        long epochBefore = views.get("a").bridge().epoch();

        call.bridgeReported(new BridgeReport.Lost(first.round(), "jvb-1", "connection refused"));
        var second = lastAllocate();
        assertThat(second.round()).isGreaterThan(first.round());
        assertThat(second.create()).isTrue();
        assertThat(second.avoid()).contains("jvb-1");
        assertThat(second.meetingId()).isNotEqualTo(first.meetingId());
        assertThat(views.get("a").bridge().epoch()).isGreaterThan(epochBefore);
        assertThat(views.get("a").bridge().state()).isEqualTo(BridgeState.CONNECTING);

        call.bridgeReported(allocated(first, "jvb-1"));
        assertThat(commands).last().as("a report for an old round ends what it made").isInstanceOf(BridgeCommand.End.class);

        call.bridgeReported(new BridgeReport.Unavailable(second.round(), "no bridge answers"));
        assertThat(views.get("a").topology()).as("three fit in a mesh").isEqualTo(Topology.MESH);
        assertThat(views.get("a").links()).hasSize(2);
    }

    @Test
    void withoutABridgeTooManyForAMeshWaitAndAreConnectedWhenOneAnswers() {
        var call = open(new CallLimits(12, 3, true));
        for (String id : List.of("a", "b", "c", "d")) {
            call.enter(id);
        }
        var allocate = lastAllocate();
        call.bridgeReported(new BridgeReport.Unavailable(allocate.round(), "no bridge answers"));
        assertThat(views.get("d").topology()).isEqualTo(Topology.BRIDGE);
        assertThat(views.get("d").bridge().state()).isEqualTo(BridgeState.UNAVAILABLE);

        call.bridgeReported(allocated(allocate, "jvb-2"));
        assertThat(views.get("a").bridge().state()).isEqualTo(BridgeState.READY);
        var forTheLast = lastAllocate();
        assertThat(forTheLast.endpoints()).as("who came in while it waited gets a place once there is a bridge")
                .containsOnlyKeys("d");
        assertThat(forTheLast.bridgeId()).isEqualTo("jvb-2");
        call.bridgeReported(allocated(forTheLast, "jvb-2"));
        assertThat(views.get("d").bridge().state()).isEqualTo(BridgeState.READY);
        assertThat(offers).containsOnlyKeys("a", "b", "c", "d");
    }

    @Test
    void enteringAgainOnTheBridgeGivesAFreshConnectionAndEndpoint() {
        var call = open(CallLimits.defaults(true));
        call.enter("a");
        call.enter("b");
        call.enter("c");
        var first = lastAllocate();
        call.bridgeReported(allocated(first, "jvb-1"));
        long epoch = views.get("b").bridge().epoch();

        call.enter("b");
        assertThat(views.get("b").bridge().epoch()).isGreaterThan(epoch);
        assertThat(commands).anySatisfy(c -> assertThat(c).isEqualTo(new BridgeCommand.Expire(first.round(), "jvb-1",
                first.meetingId(), "b")));
        assertThat(lastAllocate().endpoints()).containsOnlyKeys("b");
        assertThat(codeOf(() -> call.bridgeAnswered("b", epoch, 2, transport("brwsb", null), List.of())))
                .as("an answer for the old connection").isEqualTo(ErrorCode.CONFLICT);
    }
}
