package se.samtal.server.presence;

import se.samtal.protocol.ParticipantView;
import se.samtal.protocol.PresenceState;
import se.samtal.server.auth.Principal;

import java.util.concurrent.ScheduledFuture;

/** One person in a live session. Mutable; guarded by its {@link LiveSession}. */
final class Participant {
    final String id;
    final Principal principal;
    PresenceState presence;
    ClientLink link;
    ScheduledFuture<?> graceTimer;

    Participant(String id, Principal principal) {
        this.id = id;
        this.principal = principal;
        this.presence = PresenceState.DISCONNECTED;
    }

    ParticipantView view() {
        return new ParticipantView(id, principal.role(), principal.name(), presence);
    }

    /** Present in the sense that counts against the session's size: connected or about to come back. */
    boolean holdsPlace() {
        return presence.isConnected() || presence == PresenceState.RECONNECTING;
    }

    void cancelGraceTimer() {
        if (graceTimer != null) {
            graceTimer.cancel(false);
            graceTimer = null;
        }
    }
}
