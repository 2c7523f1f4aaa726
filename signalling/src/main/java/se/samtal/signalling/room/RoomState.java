package se.samtal.signalling.room;

import se.samtal.protocol.MediaState;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.SessionStatus;
import se.samtal.protocol.Stage;
import se.samtal.signalling.call.CallState;

import java.time.Instant;
import java.util.List;

/**
 * Everything a {@link Room} knows, as plain values: what cluster mode keeps in Redis between two
 * changes, so that whichever node makes the next change starts from exactly this state
 * ({@link Room#snapshot()}, {@link Room#restore}). The rules stay in the room; this is data only.
 *
 * @param arrivals how many arrivals the room has counted (orders hosts: the earliest present leads)
 * @param warned   whether the end warning was sent
 * @param members  in order of first arrival
 * @param call     the room's call, as its kind of call keeps it
 */
public record RoomState(SessionStatus status, long arrivals, boolean warned, List<MemberState> members, CallState call) {

    public RoomState {
        members = List.copyOf(members);
    }

    /** One member, every field of {@link Member}. */
    public record MemberState(String id, Role role, String name, PresenceState presence, Stage stage, MediaState media,
                              Instant waitingSince, boolean everAdmitted, boolean denied, long arrival) {
    }
}
