package se.samtal.signalling.room;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionStatus;
import se.samtal.protocol.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class WaitingRoomTest {
    private static final Instant START = Instant.parse("2026-11-23T09:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final RecordingEvents events = new RecordingEvents();

    private Room room(RoomPolicy policy) {
        return new Room(policy, SessionStatus.SCHEDULED, START.plus(Duration.ofMinutes(45)), clock, events);
    }

    private Room room() {
        return room(RoomPolicy.DEFAULT);
    }

    private static ErrorCode codeOf(Runnable action) {
        return catchThrowableOfType(SamtalException.class, action::run).code();
    }

    @Test
    void patientWaitsUntilTheTherapistAdmitsThem() {
        Room room = room();
        room.arrive("p", Role.PATIENT, "Pim");
        assertThat(room.member("p").orElseThrow().stage()).isEqualTo(Stage.WAITING);
        assertThat(room.member("p").orElseThrow().waitingSince()).isEqualTo(START);

        room.arrive("t", Role.THERAPIST, "Tove");
        assertThat(room.member("t").orElseThrow().stage()).isEqualTo(Stage.ADMITTED);
        assertThat(room.member("p").orElseThrow().stage()).as("a patient waits for an explicit admit").isEqualTo(Stage.WAITING);

        clock.advance(Duration.ofMinutes(3));
        room.admit("t", "p");
        var patient = room.member("p").orElseThrow();
        assertThat(patient.stage()).isEqualTo(Stage.ADMITTED);
        assertThat(patient.waitingSince()).isNull();
        assertThat(events.of(RecordingEvents.Changed.class)).last()
                .isEqualTo(new RecordingEvents.Changed("p", "admitted", "joined", false));
        assertThat(events.of(RecordingEvents.Admitted.class)).containsExactly(new RecordingEvents.Admitted("p", Duration.ofMinutes(3)));
    }

    @Test
    void theSessionOpensOnTheFirstArrival() {
        Room room = room();
        room.arrive("p", Role.PATIENT, null);
        assertThat(room.status()).isEqualTo(SessionStatus.OPEN);
        assertThat(events.of(SessionStatus.class)).containsExactly(SessionStatus.OPEN);
    }

    @Test
    void noOneSlipsInBeforeTheHostEvenRolesThatDoNotWait() {
        Room room = room();
        room.arrive("i", Role.INTERPRETER, "Ida");
        assertThat(room.member("i").orElseThrow().stage()).isEqualTo(Stage.WAITING);

        room.arrive("t", Role.THERAPIST, "Tove");
        assertThat(room.member("i").orElseThrow().stage()).as("let in by itself once a host is here").isEqualTo(Stage.ADMITTED);

        room.arrive("r", Role.RELATIVE, "Rut");
        assertThat(room.member("r").orElseThrow().stage()).as("host present, relatives do not wait by default").isEqualTo(Stage.ADMITTED);
    }

    @Test
    void aTenantCanMakeMoreRolesWait() {
        var policy = new RoomPolicy(EnumSet.of(Role.PATIENT, Role.RELATIVE), true, 16, Duration.ofMinutes(5), null);
        Room room = room(policy);
        room.arrive("t", Role.THERAPIST, "Tove");
        room.arrive("r", Role.RELATIVE, "Rut");
        assertThat(room.member("r").orElseThrow().stage()).isEqualTo(Stage.WAITING);
    }

    @Test
    void therapistsCanNeverBeMadeToWait() {
        assertThatThrownBy(() -> new RoomPolicy(EnumSet.of(Role.THERAPIST), true, 16, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class);
        Room room = room();
        room.arrive("t", Role.THERAPIST, "Tove");
        room.arrive("t2", Role.THERAPIST, "Ture");
        assertThat(codeOf(() -> room.sendBack("t", "t2"))).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void aPatientCannotAdmitDenyOrSendBackAndNothingChanges() {
        Room room = room();
        room.arrive("t", Role.THERAPIST, "Tove");
        room.arrive("p", Role.PATIENT, "Pim");
        room.arrive("g", Role.GUEST, "Gus");
        events.clear();

        assertThat(codeOf(() -> room.admit("p", "g"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> room.admit("p", "p"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> room.deny("p", "g"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> room.checkMayEnd("p"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(room.member("g").orElseThrow().stage()).isEqualTo(Stage.WAITING);
        assertThat(events.all).isEmpty();
    }

    @Test
    void admittingSomeoneWhoIsNotInThisSessionIsNotFound() {
        Room room = room();
        room.arrive("t", Role.THERAPIST, "Tove");
        events.clear();
        assertThat(codeOf(() -> room.admit("t", "p_of_another_session"))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> room.admit("t", null))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(events.all).isEmpty();
    }

    @Test
    void admittingTwiceIsSafe() {
        Room room = room();
        room.arrive("t", Role.THERAPIST, "Tove");
        room.arrive("p", Role.PATIENT, "Pim");
        room.admit("t", "p");
        events.clear();
        room.admit("t", "p");
        assertThat(events.all).isEmpty();
    }

    @Test
    void aDeniedPersonIsToldAndCannotComeBack() {
        Room room = room();
        room.arrive("t", Role.THERAPIST, "Tove");
        room.arrive("g", Role.GUEST, "Gus");
        room.deny("t", "g");

        assertThat(events.of(RecordingEvents.Denied.class)).containsExactly(new RecordingEvents.Denied("g"));
        assertThat(room.member("g").orElseThrow().stage()).isEqualTo(Stage.LEFT);
        assertThat(room.presentCount()).isEqualTo(1);
        assertThat(codeOf(() -> room.arrive("g", Role.GUEST, "Gus"))).isEqualTo(ErrorCode.ADMISSION_DENIED);
    }

    @Test
    void onlyWaitingPeopleCanBeDenied() {
        Room room = room();
        room.arrive("t", Role.THERAPIST, "Tove");
        room.arrive("p", Role.PATIENT, "Pim");
        room.admit("t", "p");
        assertThat(codeOf(() -> room.deny("t", "p"))).isEqualTo(ErrorCode.CONFLICT);
        assertThat(room.member("p").orElseThrow().stage()).isEqualTo(Stage.ADMITTED);
    }

    @Test
    void aHostSendsSomeoneBackToTheWaitingRoomAndTheyWaitAgain() {
        Room room = room();
        room.arrive("t", Role.THERAPIST, "Tove");
        room.arrive("p", Role.PATIENT, "Pim");
        room.admit("t", "p");
        clock.advance(Duration.ofMinutes(1));
        room.sendBack("t", "p");
        assertThat(room.member("p").orElseThrow().stage()).isEqualTo(Stage.WAITING);
        assertThat(room.member("p").orElseThrow().waitingSince()).isEqualTo(START.plus(Duration.ofMinutes(1)));
        assertThat(codeOf(() -> room.call().join("p"))).isEqualTo(ErrorCode.NOT_ADMITTED);
    }

    @Test
    void coTherapistsMayAdmitOnlyIfTheTenantAllowsIt() {
        var strict = new RoomPolicy(EnumSet.of(Role.PATIENT), false, 16, Duration.ZERO, null);
        Room room = room(strict);
        room.arrive("lead", Role.THERAPIST, "Tove");
        room.arrive("co", Role.THERAPIST, "Ture");
        room.arrive("p", Role.PATIENT, "Pim");
        assertThat(codeOf(() -> room.admit("co", "p"))).isEqualTo(ErrorCode.FORBIDDEN);
        room.leave("lead");
        room.admit("co", "p"); // the co-therapist leads once the first therapist has gone
        assertThat(room.member("p").orElseThrow().stage()).isEqualTo(Stage.ADMITTED);
    }

    @Test
    void theRoomHoldsNoMoreThanThePolicyAllows() {
        Room room = room(new RoomPolicy(EnumSet.of(Role.PATIENT), true, 2, Duration.ZERO, null));
        room.arrive("t", Role.THERAPIST, "Tove");
        room.arrive("p", Role.PATIENT, "Pim");
        assertThat(codeOf(() -> room.arrive("g", Role.GUEST, "Gus"))).isEqualTo(ErrorCode.SESSION_FULL);
        assertThat(room.member("g")).isEmpty();
    }

    @Test
    void peopleWhoWereNeverLetInAreKnownToHostsOnly() {
        Room room = room();
        room.arrive("t", Role.THERAPIST, "Tove");
        room.arrive("p", Role.PATIENT, "Pim");
        room.admit("t", "p");
        room.arrive("g", Role.GUEST, "Gus");

        assertThat(room.visibleTo("t")).extracting(Member::id).containsExactly("t", "p", "g");
        assertThat(room.visibleTo("p")).extracting(Member::id).containsExactly("t", "p");
        assertThat(room.visibleTo("g")).extracting(Member::id).containsExactly("t", "p", "g");
        assertThat(events.of(RecordingEvents.Changed.class)).last()
                .isEqualTo(new RecordingEvents.Changed("g", "waiting", "joined", true));
    }

    @Test
    void droppingKeepsTheStageAndTheGracePeriodEndsIt() {
        Room room = room();
        room.arrive("t", Role.THERAPIST, "Tove");
        room.arrive("p", Role.PATIENT, "Pim");
        room.admit("t", "p");
        room.dropped("p");
        assertThat(room.member("p").orElseThrow().presence()).isEqualTo(PresenceState.RECONNECTING);
        assertThat(room.member("p").orElseThrow().stage()).isEqualTo(Stage.ADMITTED);
        assertThat(room.holdsPlace("p")).isTrue();

        room.reconnect("p");
        assertThat(room.member("p").orElseThrow().stage()).as("no re-admission after a reconnect").isEqualTo(Stage.ADMITTED);

        room.dropped("p");
        assertThat(room.graceExpired("p")).isTrue();
        assertThat(room.member("p").orElseThrow().presence()).isEqualTo(PresenceState.DISCONNECTED);
        room.arrive("p", Role.PATIENT, "Pim");
        assertThat(room.member("p").orElseThrow().stage()).as("after the grace period they wait again").isEqualTo(Stage.WAITING);
    }

    @Test
    void noOneArrivesInAnEndedSession() {
        Room room = room();
        room.arrive("t", Role.THERAPIST, "Tove");
        room.ended(SessionStatus.ENDED);
        assertThat(codeOf(() -> room.arrive("p", Role.PATIENT, "Pim"))).isEqualTo(ErrorCode.SESSION_ENDED);
        Room cancelled = room();
        cancelled.ended(SessionStatus.CANCELLED);
        assertThat(codeOf(() -> cancelled.arrive("p", Role.PATIENT, "Pim"))).isEqualTo(ErrorCode.SESSION_CANCELLED);
    }

    @Test
    void aClosedEntryGateKeepsSomeoneWaitingUntilItOpensButNeverAHost() {
        var open = new java.util.HashSet<String>();
        Room room = new Room(RoomPolicy.DEFAULT, SessionStatus.SCHEDULED, START.plus(Duration.ofMinutes(45)), clock, events,
                member -> open.contains(member.id()), Room.CALLS_OF_TWO);
        room.arrive("t", Role.THERAPIST, "Tove");
        room.arrive("t2", Role.THERAPIST, "Tor");
        assertThat(room.member("t2").orElseThrow().stage()).as("hosts are never kept out").isEqualTo(Stage.ADMITTED);
        room.arrive("i", Role.INTERPRETER, "Ida");
        room.arrive("p", Role.PATIENT, "Pim");
        assertThat(room.member("i").orElseThrow().stage()).isEqualTo(Stage.WAITING);
        assertThat(codeOf(() -> room.admit("t", "p"))).isEqualTo(ErrorCode.CONSENT_REQUIRED);
        assertThat(room.member("p").orElseThrow().stage()).isEqualTo(Stage.WAITING);

        room.reconsiderWaiting();
        assertThat(room.member("i").orElseThrow().stage()).as("the gate is still closed").isEqualTo(Stage.WAITING);
        open.add("i");
        open.add("p");
        room.reconsiderWaiting();
        assertThat(room.member("i").orElseThrow().stage()).isEqualTo(Stage.ADMITTED);
        assertThat(room.member("p").orElseThrow().stage()).as("a patient still waits for the host").isEqualTo(Stage.WAITING);
        room.admit("t", "p");
        assertThat(room.member("p").orElseThrow().stage()).isEqualTo(Stage.ADMITTED);
    }
}
