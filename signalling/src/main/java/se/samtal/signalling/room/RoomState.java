package se.samtal.signalling.room;

import se.samtal.protocol.MediaState;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.SessionStatus;
import se.samtal.protocol.Stage;

import java.time.Instant;
import java.util.List;

/**
 * Everything a {@link Room} knows, as plain values: what cluster mode keeps in Redis between two
 * changes, so that whichever node makes the next change starts from exactly this state
 * ({@link Room#snapshot()}, {@link Room#restore}). The rules stay in the room; this is data only.
 *
 * @param arrivals how many arrivals the room has counted (orders hosts: the earliest present leads)
 * @param entries  how many times someone entered the call (orders the pair: the earlier is polite)
 * @param epochs   the last peer-connection epoch given out
 * @param warned   whether the end warning was sent
 * @param members  in order of first arrival
 * @param call     the pair in the call, or null
 */
public record RoomState(SessionStatus status, long arrivals, long entries, long epochs, boolean warned,
                        List<MemberState> members, CallState call) {

    public RoomState {
        members = List.copyOf(members);
    }

    /** One member, every field of {@link Member}. */
    public record MemberState(String id, Role role, String name, PresenceState presence, Stage stage, MediaState media,
                              Instant waitingSince, boolean everAdmitted, boolean denied, long arrival, long enteredCall,
                              int candidatesSinceDescription) {
    }

    /** The two in the call (by member id) and their connection's epoch. */
    public record CallState(String polite, String impolite, long epoch) {
    }
}
