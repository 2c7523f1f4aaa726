package se.samtal.signalling.live;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.samtal.protocol.Role;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.ExpectedParticipant;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The live-sessions contract with the embedded space: one node, state in memory. */
class LocalLiveSessionsTest extends LiveSessionsContract {
    private List<SessionSpace> spaces;

    @BeforeEach
    void open() {
        spaces = List.of(new LocalSessionSpace("n0", 256, timers, CLOCK));
    }

    @AfterEach
    void close() {
        timers.shutdownNow();
    }

    @Override
    protected List<SessionSpace> spaces() {
        return spaces;
    }

    @Test
    void placesInOneSessionHoldItsBookingAndTheBookingsStringsNotEachTheirOwnCopy() {
        Booking booking = book();
        var therapist = join(0, copyOf(booking), "t-1", Role.THERAPIST);
        var patient = join(1, copyOf(booking), "p-1", Role.PATIENT);

        Booking held = therapist.session().booking();
        assertThat(held.id()).isEqualTo(booking.id());
        // The session's booking, or the one it became when its status changed: the same strings and participants.
        assertThat(patient.session().booking().participants()).isSameAs(held.participants());
        assertThat(patient.session().booking().title()).isSameAs(held.title());
        assertThat(patient.session().sessionId()).isSameAs(held.id());
        assertThat(therapist.session().principal().ref()).isSameAs(held.participants().getFirst().ref());
        assertThat(patient.session().principal().ref()).as("not expected by the booking: as the token said").isEqualTo("p-1");
    }

    /** The same booking as another reading of the store would give: equal, with strings of its own. */
    private static Booking copyOf(Booking b) {
        var participants = b.participants().stream()
                .map(p -> new ExpectedParticipant(new String(p.ref()), p.role(), new String(p.name()))).toList();
        return new Booking(new String(b.tenantId()), new String(b.id()), b.kind(), new String(b.title()), b.status(),
                b.scheduledStart(), b.scheduledEnd(), b.externalRef(), participants, b.createdAt(), b.endedAt(), b.endReason());
    }
}
