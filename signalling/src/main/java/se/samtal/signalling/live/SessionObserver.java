package se.samtal.signalling.live;

import se.samtal.protocol.MediaState;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.Stage;
import se.samtal.recording.session.RecordingView;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.Principal;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Told about the moments of a session's life that the outside world cares about (webhooks,
 * metrics, the audit trail, the session's chat), once the change that made them is committed, on
 * the node that made it (embedded, while the session's state is still locked): implementations
 * must return at once.
 */
public interface SessionObserver {

    /** The first person connected; the session is open. */
    default void sessionStarted(Booking booking) {
    }

    /** Someone arrived (first time, or again after having left or been disconnected). */
    default void participantJoined(Booking booking, Principal principal, String participantId) {
    }

    /**
     * Someone is gone: {@code reason} is {@code left} (said goodbye), {@code disconnected}
     * (dropped and did not come back within the grace period) or {@code denied} (turned away
     * from the waiting room).
     */
    default void participantLeft(Booking booking, Principal principal, String participantId, String reason) {
    }

    /** The session ended ({@code ended_by_host}, {@code cancelled}, ...). */
    default void sessionEnded(Booking booking, String reason) {
    }

    /** A host sent someone back to the waiting room. */
    default void participantSentBack(Booking booking, Principal principal, String participantId) {
    }

    /** Someone was let in from the waiting room after waiting {@code waited}. */
    default void participantAdmitted(Booking booking, String participantId, Duration waited) {
    }

    /**
     * Someone was let in from the waiting room after waiting {@code waited}: by the host
     * {@code admittedBy} (their participant id), or by the room's own rules ({@code null}: a role
     * that waits only until a host is present, or the recording's entry gate opening). By default
     * the same as {@link #participantAdmitted(Booking, String, Duration)}.
     */
    default void participantAdmitted(Booking booking, String participantId, Duration waited, String admittedBy) {
        participantAdmitted(booking, participantId, waited);
    }

    /**
     * A participant's presence, stage or media changed: they arrived, dropped, came back, went
     * away, were let in or sent back, entered or left the call, changed their media, or left.
     * Told in the order of the session's changes, with ids and roles only.
     */
    default void participantChanged(Booking booking, ParticipantState now) {
    }

    /** How a participant stands after a change: what everyone who may see them is told, without the name. */
    record ParticipantState(String participantId, Role role, PresenceState presence, Stage stage, MediaState media) {
    }

    /** The session's recording state changed (asked for, recording, paused, stopped; {@code view.reason()} says why). */
    default void recordingChanged(Booking booking, RecordingView view) {
    }

    /**
     * Someone answered about being recorded: {@code status} is {@code given}, {@code refused} or
     * {@code withdrawn}.
     *
     * @param answeredBy the person who answered: {@code subject} themselves, or their guardian
     * @param part       {@code self} (their own consent) or {@code guardian} (a guardian's, for a minor)
     */
    default void consentAnswered(Booking booking, ConsentAnswer answer) {
    }

    /** An answer about being recorded, with ids only (and the version of the consent text shown). */
    record ConsentAnswer(Principal answeredBy, Principal subject, String participantId, String status, String part,
                         String textVersion) {
    }

    /**
     * The recorder confirmed that media is being recorded ({@code resumed}: after a pause), or that
     * it no longer is ({@code paused}: for now; {@code reason} says why, if known).
     */
    default void recordingStarted(Booking booking, String recordingId, boolean resumed) {
    }

    default void recordingStopped(Booking booking, String recordingId, boolean paused, String reason) {
    }

    /** Calls every observer in turn. */
    static SessionObserver all(SessionObserver... observers) {
        return new SessionObserver() {
            @Override
            public void sessionStarted(Booking booking) {
                each(observers, o -> o.sessionStarted(booking));
            }

            @Override
            public void participantJoined(Booking booking, Principal principal, String participantId) {
                each(observers, o -> o.participantJoined(booking, principal, participantId));
            }

            @Override
            public void participantLeft(Booking booking, Principal principal, String participantId, String reason) {
                each(observers, o -> o.participantLeft(booking, principal, participantId, reason));
            }

            @Override
            public void sessionEnded(Booking booking, String reason) {
                each(observers, o -> o.sessionEnded(booking, reason));
            }

            @Override
            public void participantSentBack(Booking booking, Principal principal, String participantId) {
                each(observers, o -> o.participantSentBack(booking, principal, participantId));
            }

            @Override
            public void participantAdmitted(Booking booking, String participantId, Duration waited) {
                each(observers, o -> o.participantAdmitted(booking, participantId, waited));
            }

            @Override
            public void participantAdmitted(Booking booking, String participantId, Duration waited, String admittedBy) {
                each(observers, o -> o.participantAdmitted(booking, participantId, waited, admittedBy));
            }

            @Override
            public void participantChanged(Booking booking, ParticipantState now) {
                each(observers, o -> o.participantChanged(booking, now));
            }

            @Override
            public void recordingChanged(Booking booking, RecordingView view) {
                each(observers, o -> o.recordingChanged(booking, view));
            }

            @Override
            public void consentAnswered(Booking booking, ConsentAnswer answer) {
                each(observers, o -> o.consentAnswered(booking, answer));
            }

            @Override
            public void recordingStarted(Booking booking, String recordingId, boolean resumed) {
                each(observers, o -> o.recordingStarted(booking, recordingId, resumed));
            }

            @Override
            public void recordingStopped(Booking booking, String recordingId, boolean paused, String reason) {
                each(observers, o -> o.recordingStopped(booking, recordingId, paused, reason));
            }
        };
    }

    private static void each(SessionObserver[] observers, Consumer<SessionObserver> call) {
        for (var o : observers) {
            call.accept(o);
        }
    }
}
