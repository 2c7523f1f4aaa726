package se.samtal.server.presence;

import se.samtal.server.auth.Principal;

import java.util.concurrent.ScheduledFuture;

/**
 * The transport side of one person in a live session: who vouched for them, the connection that
 * holds their place, and the reconnect timer. Their state (presence, stage, media) lives in the
 * session's {@link se.samtal.signalling.room.Room}. Mutable; guarded by its {@link LiveSession}.
 */
final class Participant {
    final String id;
    final Principal principal;
    ClientLink link;
    ScheduledFuture<?> graceTimer;

    Participant(String id, Principal principal) {
        this.id = id;
        this.principal = principal;
    }

    void cancelGraceTimer() {
        if (graceTimer != null) {
            graceTimer.cancel(false);
            graceTimer = null;
        }
    }
}
