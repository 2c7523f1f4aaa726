package se.samtal.signalling.room;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.MediaState;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.SessionStatus;
import se.samtal.protocol.Stage;
import se.samtal.signalling.call.SignalRules;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CallTest {
    private static final Instant START = Instant.parse("2026-11-23T09:00:00Z");
    private static final SessionDescription OFFER = new SessionDescription("offer", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n");
    private static final IceCandidate CANDIDATE = new IceCandidate("candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host", "0", 0, null);

    private final MutableClock clock = new MutableClock(START);
    private final RecordingEvents events = new RecordingEvents();
    private Room room;
    private long epoch;

    @BeforeEach
    void twoInTheCall() {
        room = new Room(new RoomPolicy(EnumSet.of(Role.PATIENT, Role.GUEST), true, 16, Duration.ofMinutes(5), Duration.ofMinutes(10)),
                SessionStatus.SCHEDULED, START.plus(Duration.ofMinutes(45)), clock, events);
        room.arrive("t", Role.THERAPIST, "Tove");
        room.arrive("p", Role.PATIENT, "Pim");
        room.admit("t", "p");
        room.call().join("t");
        room.call().join("p");
        epoch = room.call().pairingsOf("p").getFirst().epoch();
        events.clear();
    }

    private static ErrorCode codeOf(Runnable action) {
        return catchThrowableOfType(SamtalException.class, action::run).code();
    }

    @Test
    void theTwoAreToldOfEachOtherWithOppositeNegotiationRoles() {
        var therapist = room.call().pairingsOf("t").getFirst();
        var patient = room.call().pairingsOf("p").getFirst();
        assertThat(therapist.peerId()).isEqualTo("p");
        assertThat(patient.peerId()).isEqualTo("t");
        assertThat(therapist.polite()).as("first in the call is polite").isTrue();
        assertThat(patient.polite()).isFalse();
        assertThat(therapist.epoch()).isEqualTo(patient.epoch());
        assertThat(room.status()).isEqualTo(SessionStatus.IN_PROGRESS);
    }

    @Test
    void offersAndCandidatesReachThePeerOnly() {
        room.call().relay("p", "t", epoch, OFFER, null);
        room.call().relay("p", "t", epoch, null, CANDIDATE);
        assertThat(events.of(RecordingEvents.Relay.class)).containsExactly(
                new RecordingEvents.Relay("t", "p", epoch, OFFER, null),
                new RecordingEvents.Relay("t", "p", epoch, null, CANDIDATE));
    }

    @Test
    void aThirdPersonCannotInjectSignallingIntoTheCall() {
        room.arrive("g", Role.GUEST, "Gus");
        assertThat(codeOf(() -> room.call().relay("g", "t", epoch, OFFER, null))).isEqualTo(ErrorCode.NOT_ADMITTED);
        room.admit("t", "g");
        assertThat(codeOf(() -> room.call().relay("g", "t", epoch, OFFER, null))).isEqualTo(ErrorCode.NOT_IN_CALL);
        assertThat(codeOf(() -> room.call().join("g"))).isEqualTo(ErrorCode.CALL_FULL);
        assertThat(room.member("g").orElseThrow().stage()).isEqualTo(Stage.ADMITTED);
        assertThat(events.of(RecordingEvents.Relay.class)).isEmpty();
    }

    @Test
    void signallingToSomeoneNotInYourCallIsRefused() {
        room.arrive("g", Role.GUEST, "Gus");
        assertThat(codeOf(() -> room.call().relay("t", "g", epoch, OFFER, null))).isEqualTo(ErrorCode.NOT_IN_CALL);
        assertThat(codeOf(() -> room.call().relay("t", "nobody", epoch, OFFER, null))).isEqualTo(ErrorCode.NOT_IN_CALL);
        assertThat(codeOf(() -> room.call().relay("t", "t", epoch, OFFER, null))).isEqualTo(ErrorCode.NOT_IN_CALL);
        assertThat(events.of(RecordingEvents.Relay.class)).isEmpty();
    }

    @Test
    void signalsForAnOlderPeerConnectionAreRefused() {
        room.call().join("p"); // a page reload: new peer connection, new epoch
        long newer = room.call().pairingsOf("p").getFirst().epoch();
        assertThat(newer).isGreaterThan(epoch);
        events.clear();
        assertThat(codeOf(() -> room.call().relay("t", "p", epoch, OFFER, null))).isEqualTo(ErrorCode.CONFLICT);
        assertThat(codeOf(() -> room.call().relay("t", "p", null, OFFER, null))).isEqualTo(ErrorCode.CONFLICT);
        room.call().relay("t", "p", newer, OFFER, null);
        assertThat(events.of(RecordingEvents.Relay.class)).hasSize(1);
    }

    @Test
    void aHugeSdpIsRefusedAndNotRelayed() {
        var huge = new SessionDescription("offer", "a".repeat(SignalRules.MAX_SDP_CHARS + 1));
        assertThat(codeOf(() -> room.call().relay("p", "t", epoch, huge, null))).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(codeOf(() -> room.call().relay("p", "t", epoch, new SessionDescription("rollback", "x"), null))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(codeOf(() -> room.call().relay("p", "t", epoch, OFFER, CANDIDATE))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(codeOf(() -> room.call().relay("p", "t", epoch, null, null))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(events.all).isEmpty();
    }

    @Test
    void aFloodOfCandidatesIsCutOffUntilTheNextDescription() {
        for (int i = 0; i < SignalRules.MAX_CANDIDATES_PER_DESCRIPTION; i++) {
            room.call().relay("p", "t", epoch, null, CANDIDATE);
        }
        assertThat(codeOf(() -> room.call().relay("p", "t", epoch, null, CANDIDATE))).isEqualTo(ErrorCode.TOO_MANY_CANDIDATES);
        assertThat(events.of(RecordingEvents.Relay.class)).hasSize(SignalRules.MAX_CANDIDATES_PER_DESCRIPTION);

        room.call().relay("p", "t", epoch, OFFER, null); // an ICE restart starts a new count
        room.call().relay("p", "t", epoch, null, CANDIDATE);
        assertThat(events.of(RecordingEvents.Relay.class)).hasSize(SignalRules.MAX_CANDIDATES_PER_DESCRIPTION + 2);
    }

    @Test
    void aPeerWhoDropsKeepsTheCallPlaceAndSignalsWaitForThem() {
        room.dropped("p");
        assertThat(room.member("p").orElseThrow().stage()).isEqualTo(Stage.IN_CALL);
        assertThat(codeOf(() -> room.call().relay("t", "p", epoch, OFFER, null))).isEqualTo(ErrorCode.UNAVAILABLE);
        room.reconnect("p");
        var back = room.call().pairingsOf("p").getFirst();
        assertThat(back.epoch()).as("same peer connection: restart ICE, do not rebuild").isEqualTo(epoch);
        room.call().relay("t", "p", epoch, OFFER, null);
        assertThat(events.of(RecordingEvents.Peer.class)).as("the other side is not told to rebuild").isEmpty();
    }

    @Test
    void whenTheGracePeriodEndsThePeerIsToldTheCallIsOver() {
        room.dropped("p");
        room.graceExpired("p");
        assertThat(events.of(RecordingEvents.Peer.class)).singleElement()
                .satisfies(peer -> assertThat(peer.to()).isEqualTo("t"))
                .satisfies(peer -> assertThat(peer.peer()).isNull());
        assertThat(room.call().pairingsOf("t")).isEmpty();
    }

    @Test
    void sendingBackSomeoneInTheCallHangsUpTheirCall() {
        room.sendBack("t", "p");
        assertThat(room.member("p").orElseThrow().stage()).isEqualTo(Stage.WAITING);
        assertThat(events.of(RecordingEvents.Peer.class)).extracting(RecordingEvents.Peer::to, RecordingEvents.Peer::peer)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t", null));
        assertThat(codeOf(() -> room.call().relay("p", "t", epoch, OFFER, null))).isEqualTo(ErrorCode.NOT_ADMITTED);
    }

    @Test
    void leavingTheCallKeepsThePersonInTheSession() {
        room.call().leave("p");
        assertThat(room.member("p").orElseThrow().stage()).isEqualTo(Stage.ADMITTED);
        room.call().join("p");
        var again = room.call().pairingsOf("p").getFirst();
        assertThat(again.polite()).as("the therapist stayed, and was in the call first").isFalse();
        assertThat(again.epoch()).isGreaterThan(epoch);
    }

    @Test
    void mediaStateIsSharedAndAudioOnlyMeansNoCamera() {
        room.call().setMedia("p", false, null, null);
        assertThat(room.member("p").orElseThrow().media()).isEqualTo(new MediaState(false, true, false));
        room.call().setMedia("p", null, true, true);
        assertThat(room.member("p").orElseThrow().media()).isEqualTo(new MediaState(false, false, true));
        assertThat(events.of(RecordingEvents.Changed.class)).hasSize(2);
        room.call().setMedia("p", false, false, true);
        assertThat(events.of(RecordingEvents.Changed.class)).as("no change, no event").hasSize(2);
    }

    @Test
    void everyoneIsWarnedBeforeTheEndAndTheHardStopComesAfterIt() {
        Instant end = START.plus(Duration.ofMinutes(45));
        assertThat(room.nextAlarm()).contains(end.minus(Duration.ofMinutes(5)));
        assertThat(room.alarm()).isFalse();
        assertThat(events.of(RecordingEvents.Ending.class)).isEmpty();

        clock.advance(Duration.ofMinutes(40));
        assertThat(room.alarm()).isFalse();
        assertThat(events.of(RecordingEvents.Ending.class))
                .containsExactly(new RecordingEvents.Ending(end, end.plus(Duration.ofMinutes(10))));
        assertThat(room.nextAlarm()).contains(end.plus(Duration.ofMinutes(10)));

        clock.advance(Duration.ofMinutes(15));
        assertThat(room.alarm()).as("hard stop due").isTrue();
        assertThat(events.of(RecordingEvents.Ending.class)).as("warned once").hasSize(1);
    }
}
