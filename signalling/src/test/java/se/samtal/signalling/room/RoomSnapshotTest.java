package se.samtal.signalling.room;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionStatus;
import se.samtal.protocol.Stage;
import se.samtal.signalling.call.SignalRules;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A room restored from its snapshot goes on exactly as the original would: what cluster mode
 * relies on when the next change of a session is made on another node.
 */
class RoomSnapshotTest {
    private static final Instant START = Instant.parse("2026-11-23T09:00:00Z");
    private static final RoomPolicy POLICY = new RoomPolicy(EnumSet.of(Role.PATIENT, Role.GUEST), false, 16,
            Duration.ofMinutes(5), Duration.ofMinutes(10));
    private static final IceCandidate CANDIDATE = new IceCandidate("candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host", "0", 0, null);

    private final MutableClock clock = new MutableClock(START);

    private Room busyRoom(RoomEvents events) {
        var room = new Room(POLICY, SessionStatus.SCHEDULED, START.plus(Duration.ofMinutes(45)), clock, events);
        room.arrive("t1", Role.THERAPIST, "Tove");
        room.arrive("t2", Role.THERAPIST, "Tor");
        room.arrive("p", Role.PATIENT, "Pim");
        clock.advance(Duration.ofSeconds(5));
        room.arrive("g", Role.GUEST, null);
        room.arrive("r", Role.RELATIVE, "Rut");
        room.admit("t1", "p");
        room.call().join("t1");
        room.call().join("p");
        room.call().relay("p", "t1", room.call().pairingsOf("p").getFirst().epoch(), null, CANDIDATE);
        room.call().setMedia("p", false, null, null);
        room.dropped("r");
        clock.advance(Duration.ofMinutes(41));
        room.alarm(); // the end warning
        return room;
    }

    @Test
    void aRestoredRoomHasTheSameStateAndGoesOnTheSameWay() {
        var originalEvents = new RecordingEvents();
        var restoredEvents = new RecordingEvents();
        Room original = busyRoom(originalEvents);
        RoomState snapshot = original.snapshot();
        Room restored = Room.restore(POLICY, START.plus(Duration.ofMinutes(45)), clock, restoredEvents, EntryGate.OPEN,
                Room.CALLS_OF_TWO, snapshot);

        assertThat(restored.snapshot()).isEqualTo(snapshot);
        assertThat(restored.status()).isEqualTo(SessionStatus.IN_PROGRESS);
        assertThat(restored.member("g").orElseThrow().stage()).isEqualTo(Stage.WAITING);
        assertThat(restored.member("g").orElseThrow().waitingSince()).isEqualTo(START.plusSeconds(5));
        assertThat(restored.member("r").orElseThrow().presence()).isEqualTo(PresenceState.RECONNECTING);
        assertThat(restored.call().pairingsOf("p").getFirst()).usingRecursiveComparison().isEqualTo(original.call().pairingsOf("p").getFirst());

        // The same steps on both give the same events and the same state.
        for (Room room : new Room[]{original, restored}) {
            var epoch = room.call().pairingsOf("t1").getFirst().epoch();
            room.call().relay("t1", "p", epoch, null, CANDIDATE);
            room.call().join("p"); // a reload: a new epoch for both
            room.sendBack("t1", "p");
            room.admit("t1", "g");
            room.graceExpired("r");
            room.alarm();
        }
        originalEvents.all.subList(0, originalEvents.all.size() - restoredEvents.all.size()).clear();
        assertThat(restoredEvents.all).isEqualTo(originalEvents.all);
        assertThat(restored.snapshot()).isEqualTo(original.snapshot());
        assertThat(restoredEvents.of(RecordingEvents.Ending.class)).as("the warning is not repeated").isEmpty();
    }

    @Test
    void theLeadingTherapistAndTheCandidateCountSurviveARestore() {
        Room original = busyRoom(new RecordingEvents());
        for (int i = 0; i < SignalRules.MAX_CANDIDATES_PER_DESCRIPTION - 1; i++) {
            original.call().relay("p", "t1", original.call().pairingsOf("p").getFirst().epoch(), null, CANDIDATE);
        }
        Room restored = Room.restore(POLICY, START.plus(Duration.ofMinutes(45)), clock, new RecordingEvents(), EntryGate.OPEN,
                Room.CALLS_OF_TWO, original.snapshot());
        long epoch = restored.call().pairingsOf("p").getFirst().epoch();
        var tooMany = catchThrowableOfType(SamtalException.class,
                () -> restored.call().relay("p", "t1", epoch, null, CANDIDATE));
        assertThat(tooMany.code()).isEqualTo(ErrorCode.TOO_MANY_CANDIDATES);
        var notLeading = catchThrowableOfType(SamtalException.class,
                () -> restored.admit("t2", "g"));
        assertThat(notLeading.code()).as("only the leading therapist admits here").isEqualTo(ErrorCode.FORBIDDEN);
    }
}
