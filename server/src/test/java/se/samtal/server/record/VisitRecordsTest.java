package se.samtal.server.record;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.MediaState;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.SessionKind;
import se.samtal.protocol.SessionStatus;
import se.samtal.protocol.Stage;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.ExpectedParticipant;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules that turn a visit log into a record, on fixed instants. */
class VisitRecordsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z"); // 09:00 in Stockholm
    private static final Duration JOIN_LATE = Duration.ofHours(1);
    private static final MediaState VIDEO = MediaState.DEFAULT;
    private static final MediaState SOUND_ONLY = new MediaState(true, false, true);

    private static Booking booking(SessionKind kind, SessionStatus status, Instant endedAt, String reason) {
        return new Booking("a", "s_1", kind, "Uppföljning", status, T0, T0.plus(Duration.ofMinutes(45)), "booking-4711",
                List.of(new ExpectedParticipant("t-1", Role.THERAPIST, "Tove"), new ExpectedParticipant("p-1", Role.PATIENT, "Pim")),
                T0.minusSeconds(3600), endedAt, reason);
    }

    private static Booking ended(Instant at) {
        return booking(SessionKind.VIDEO, SessionStatus.ENDED, at, "ended_by_host");
    }

    /** A log as the recorder writes it: arrivals, changes, admissions. */
    private static final class Log {
        final List<VisitEvent> events = new ArrayList<>();

        Log arrive(Instant at, String id, Role role, String ref, Stage stage) {
            events.add(new VisitEvent.Changed(at, id, role, PresenceState.JOINED, stage, VIDEO));
            events.add(new VisitEvent.Arrived(at, id, role, ref, ref.toUpperCase()));
            return this;
        }

        Log change(Instant at, String id, Role role, PresenceState presence, Stage stage, MediaState media) {
            events.add(new VisitEvent.Changed(at, id, role, presence, stage, media));
            return this;
        }

        Log admit(Instant at, String id, Role role, Duration waited, String by) {
            events.add(new VisitEvent.Admitted(at, id, waited.toMillis(), by));
            return change(at, id, role, PresenceState.JOINED, Stage.ADMITTED, VIDEO);
        }

        Log add(VisitEvent event) {
            events.add(event);
            return this;
        }
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static Log visit(MediaState patientMedia) {
        return new Log()
                .arrive(at(0), "p_t", Role.THERAPIST, "t-1", Stage.ADMITTED)
                .arrive(at(0), "p_p", Role.PATIENT, "p-1", Stage.WAITING)
                .admit(at(2), "p_p", Role.PATIENT, Duration.ofMinutes(2), "p_t")
                .change(at(2), "p_t", Role.THERAPIST, PresenceState.JOINED, Stage.IN_CALL, VIDEO)
                .change(at(2), "p_p", Role.PATIENT, PresenceState.JOINED, Stage.IN_CALL, patientMedia);
    }

    @Test
    void aVideoVisitAfterTwoMinutesInTheWaitingRoom() {
        var log = visit(VIDEO).add(new VisitEvent.Ended(at(47), "ended_by_host"));
        var r = VisitRecords.of(ended(at(47)), log.events, at(60), JOIN_LATE);

        assertThat(r.outcome()).isEqualTo(VisitRecord.COMPLETED);
        assertThat(r.contactType()).isEqualTo("video");
        assertThat(r.startedAt()).isEqualTo(at(2));
        assertThat(r.endedAt()).isEqualTo(at(47));
        assertThat(r.durationSeconds()).isEqualTo(2700);
        assertThat(r.contact().videoSeconds()).isEqualTo(2700);
        assertThat(r.patientWaitedSeconds()).isEqualTo(120);
        assertThat(r.complete()).isTrue();
        assertThat(r.absent()).isEmpty();
        var patient = r.participants().get(1);
        assertThat(patient.ref()).isEqualTo("p-1");
        assertThat(patient.admittedBy()).isEqualTo(new VisitRecord.AdmittedBy("p_t", Role.THERAPIST));
        assertThat(patient.inCallSeconds()).isEqualTo(2700);
        assertThat(patient.leftAt()).isEqualTo(at(47));
        assertThat(patient.leftReason()).isEqualTo("session_ended");
        assertThat(r.withoutNames().participants()).allSatisfy(p -> assertThat(p.name()).isNull());
        assertThat(RecordText.render(r, ZoneId.of("Europe/Stockholm"))).isEqualTo("""
                Videobesök 45 min, patient deltog, väntetid 2 min.
                Tid: 2026-11-23 09:02–09:47 (bokat 09:00–09:45).
                """);
    }

    @Test
    void soundOnlyForAMinuteOrMoreBesideVideoIsMixedAndAShorterSpellDoesNotCount() {
        var mixed = visit(VIDEO)
                .change(at(20), "p_p", Role.PATIENT, PresenceState.JOINED, Stage.IN_CALL, SOUND_ONLY)
                .add(new VisitEvent.Ended(at(30), "ended_by_host"));
        var r = VisitRecords.of(ended(at(30)), mixed.events, at(60), JOIN_LATE);
        assertThat(r.contactType()).isEqualTo("mixed");
        assertThat(r.contact().videoSeconds()).isEqualTo(18 * 60);
        assertThat(r.contact().audioOnlySeconds()).isEqualTo(10 * 60);
        assertThat(RecordText.render(r, ZoneId.of("Europe/Stockholm"))).startsWith("Video- och ljudbesök 28 min,");

        var blip = visit(VIDEO)
                .change(at(20), "p_p", Role.PATIENT, PresenceState.JOINED, Stage.IN_CALL, SOUND_ONLY)
                .change(at(20).plusSeconds(30), "p_p", Role.PATIENT, PresenceState.JOINED, Stage.IN_CALL, VIDEO)
                .add(new VisitEvent.Ended(at(30), "ended_by_host"));
        assertThat(VisitRecords.of(ended(at(30)), blip.events, at(60), JOIN_LATE).contactType()).isEqualTo("video");

        var camerasOff = visit(new MediaState(true, false, false))
                .change(at(2), "p_t", Role.THERAPIST, PresenceState.JOINED, Stage.IN_CALL, new MediaState(true, false, false))
                .add(new VisitEvent.Ended(at(30), "ended_by_host"));
        assertThat(VisitRecords.of(ended(at(30)), camerasOff.events, at(60), JOIN_LATE).contactType())
                .as("nobody's camera on: sound only").isEqualTo("audio");
    }

    @Test
    void reconnectsAreCountedAndTheVisitEndsWhenTheLastTwoAreNoLongerTogether() {
        var log = visit(VIDEO)
                .change(at(10), "p_p", Role.PATIENT, PresenceState.RECONNECTING, Stage.IN_CALL, VIDEO)
                .change(at(11), "p_p", Role.PATIENT, PresenceState.JOINED, Stage.IN_CALL, VIDEO)
                .change(at(40), "p_p", Role.PATIENT, PresenceState.LEFT, Stage.LEFT, VIDEO)
                .add(new VisitEvent.Left(at(40), "p_p", "left"));
        var booking = booking(SessionKind.VIDEO, SessionStatus.IN_PROGRESS, null, null);

        var r = VisitRecords.of(booking, log.events, at(41), JOIN_LATE);
        assertThat(r.outcome()).isEqualTo(VisitRecord.COMPLETED);
        assertThat(r.endedAt()).isEqualTo(at(40));
        assertThat(r.durationSeconds()).isEqualTo(38 * 60);
        assertThat(r.participants().get(1).reconnects()).isEqualTo(1);
        assertThat(r.participants().get(1).leftReason()).isEqualTo("left");
        assertThat(r.complete()).as("the therapist is still there").isFalse();
        assertThat(RecordText.render(r, ZoneId.of("Europe/Stockholm")))
                .contains(" Anslutningen bröts och återupptogs en gång.");
    }

    @Test
    void whenNoPatientComesItIsANoShowOnceTheSessionIsOverAndPendingBefore() {
        var log = new Log().arrive(at(0), "p_t", Role.THERAPIST, "t-1", Stage.ADMITTED);
        var open = booking(SessionKind.VIDEO, SessionStatus.OPEN, null, null);

        assertThat(VisitRecords.of(open, log.events, at(30), JOIN_LATE).outcome()).isEqualTo(VisitRecord.PENDING);
        assertThat(VisitRecords.of(open, log.events, at(45 + 60), JOIN_LATE).outcome())
                .as("joinLate after the scheduled end nobody can come any more").isEqualTo(VisitRecord.NO_SHOW);
        var r = VisitRecords.of(ended(at(15)), log.add(new VisitEvent.Ended(at(15), "ended_by_host")).events, at(16), JOIN_LATE);
        assertThat(r.outcome()).isEqualTo(VisitRecord.NO_SHOW);
        assertThat(r.noShow()).isTrue();
        assertThat(r.absent()).containsExactly(new VisitRecord.Absent("p-1", Role.PATIENT, "Pim"));
        assertThat(RecordText.render(r, ZoneId.of("Europe/Stockholm"))).isEqualTo("""
                Uteblivet besök: patienten kom inte.
                Bokat: 2026-11-23 09:00–09:45.
                """);
        var nobody = VisitRecords.of(booking(SessionKind.VIDEO, SessionStatus.SCHEDULED, null, null), List.of(), at(200), JOIN_LATE);
        assertThat(nobody.outcome()).isEqualTo(VisitRecord.NO_SHOW);
        assertThat(nobody.absent()).hasSize(2);
    }

    @Test
    void aPatientWhoCameButNeverGotInIsNotHeldAndACancelledSessionIsCancelled() {
        var log = new Log().arrive(at(3), "p_p", Role.PATIENT, "p-1", Stage.WAITING)
                .change(at(20), "p_p", Role.PATIENT, PresenceState.LEFT, Stage.LEFT, VIDEO);
        var r = VisitRecords.of(booking(SessionKind.VIDEO, SessionStatus.OPEN, null, null), log.events, at(200), JOIN_LATE);
        assertThat(r.outcome()).isEqualTo(VisitRecord.NOT_HELD);
        assertThat(r.participants().getFirst().tookPart()).isFalse();

        var cancelled = booking(SessionKind.VIDEO, SessionStatus.CANCELLED, at(-60), "cancelled");
        var c = VisitRecords.of(cancelled, List.of(new VisitEvent.Ended(at(-60), "cancelled")), at(0), JOIN_LATE);
        assertThat(c.outcome()).isEqualTo(VisitRecord.CANCELLED);
        assertThat(c.sessionEndedAt()).isEqualTo(at(-60));
        assertThat(RecordText.render(c, ZoneId.of("Europe/Stockholm"))).startsWith("Besöket avbokades.\n");
    }

    @Test
    void latenessInterpreterRecordingAndChatAreInTheRecordAndTheText() {
        var log = new Log()
                .arrive(at(0), "p_t", Role.THERAPIST, "t-1", Stage.ADMITTED)
                .arrive(at(1), "p_i", Role.INTERPRETER, "i-1", Stage.ADMITTED)
                .arrive(at(12), "p_p", Role.PATIENT, "p-1", Stage.WAITING)
                .admit(at(13), "p_p", Role.PATIENT, Duration.ofMinutes(1), "p_t")
                .change(at(13), "p_t", Role.THERAPIST, PresenceState.JOINED, Stage.IN_CALL, VIDEO)
                .change(at(13), "p_p", Role.PATIENT, PresenceState.JOINED, Stage.IN_CALL, VIDEO)
                .add(new VisitEvent.Recording(at(14), "awaiting_consent", "idle", "requested"))
                .add(new VisitEvent.Recording(at(15), "off", "idle", "refused"))
                .add(new VisitEvent.ChatMessage(at(16), Role.THERAPIST))
                .add(new VisitEvent.Ended(at(43), "ended_by_host"));
        var r = VisitRecords.of(ended(at(43)), log.events, at(50), JOIN_LATE);

        assertThat(r.patientLate()).isTrue();
        assertThat(r.participants()).filteredOn(p -> p.role() == Role.PATIENT).singleElement()
                .satisfies(p -> assertThat(p.lateSeconds()).isEqualTo(720));
        assertThat(r.interpreterPresent()).isTrue();
        assertThat(r.recording()).isEqualTo(new VisitRecord.Recording(true, "refused"));
        assertThat(r.contact().chatMessages()).isEqualTo(1);
        assertThat(RecordText.render(r, ZoneId.of("Europe/Stockholm"))).isEqualTo("""
                Videobesök 30 min, patient och tolk deltog, väntetid 1 min. Patienten kom 12 min för sent. \
                Chatt användes under besöket. Inspelning efterfrågades; någon avböjde.
                Tid: 2026-11-23 09:13–09:43 (bokat 09:00–09:45).
                """);
    }

    @Test
    void aVisitHeldInTheSessionsChatAloneIsTextFromTheFirstMessageToTheLast() {
        var log = new Log()
                .arrive(at(0), "p_t", Role.THERAPIST, "t-1", Stage.ADMITTED)
                .arrive(at(0), "p_p", Role.PATIENT, "p-1", Stage.WAITING)
                .admit(at(1), "p_p", Role.PATIENT, Duration.ofMinutes(1), "p_t")
                .add(new VisitEvent.ChatMessage(at(2), Role.PATIENT))
                .add(new VisitEvent.ChatMessage(at(12), Role.THERAPIST))
                .add(new VisitEvent.Ended(at(15), "ended_by_host"));
        var r = VisitRecords.of(ended(at(15)), log.events, at(20), JOIN_LATE);
        assertThat(r.contactType()).isEqualTo("text");
        assertThat(r.durationSeconds()).isEqualTo(600);
        assertThat(RecordText.render(r, ZoneId.of("Europe/Stockholm"))).startsWith("Chattbesök 10 min, patient deltog, väntetid 1 min.\n");

        var chatSession = booking(SessionKind.CHAT, SessionStatus.ENDED, at(15), "ended_by_host");
        var c = VisitRecords.of(chatSession, log.events, at(20), JOIN_LATE);
        assertThat(c.contactType()).as("a chat session: together once both were let in").isEqualTo("text");
        assertThat(c.startedAt()).isEqualTo(at(1));
        assertThat(c.durationSeconds()).isEqualTo(14 * 60);
    }
}
