package se.samtal.signalling.room;

import se.samtal.protocol.MediaState;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.Stage;

import java.time.Instant;

/**
 * One person in a {@link Room}: who they are (role, display name), whether they are connected
 * (presence), where they are on their way through the visit (stage), and their media. The room
 * is the only writer; everyone else reads.
 */
public final class Member {
    private final String id;
    private final Role role;
    private final String name;
    PresenceState presence = PresenceState.DISCONNECTED;
    Stage stage = Stage.LEFT;
    MediaState media = MediaState.DEFAULT;
    Instant waitingSince;
    boolean everAdmitted;
    boolean denied;
    /** Order of the latest arrival in the room; the earliest present therapist leads. */
    long arrival;

    Member(String id, Role role, String name) {
        this.id = id;
        this.role = role;
        this.name = name;
    }

    public String id() {
        return id;
    }

    public Role role() {
        return role;
    }

    /** Display name from the token; shown to others, never logged. May be null. */
    public String name() {
        return name;
    }

    public PresenceState presence() {
        return presence;
    }

    public Stage stage() {
        return stage;
    }

    public MediaState media() {
        return media;
    }

    /** Since when they wait, while their stage is {@code waiting}; otherwise null. */
    public Instant waitingSince() {
        return waitingSince;
    }

    public boolean isHost() {
        return role.isHost();
    }

    /** Counts against the session's size: connected, or reconnecting within the grace period. */
    public boolean holdsPlace() {
        return presence.isConnected() || presence == PresenceState.RECONNECTING;
    }

    /**
     * Whether people other than hosts may see this member. Someone who has never been let in is
     * known to hosts only: a patient does not learn who else waits.
     */
    public boolean visibleToEveryone() {
        return everAdmitted || role.isHost();
    }

    RoomState.MemberState state() {
        return new RoomState.MemberState(id, role, name, presence, stage, media, waitingSince, everAdmitted, denied, arrival);
    }

    static Member from(RoomState.MemberState s) {
        var m = new Member(s.id(), s.role(), s.name());
        m.presence = s.presence();
        m.stage = s.stage();
        m.media = s.media();
        m.waitingSince = s.waitingSince();
        m.everAdmitted = s.everAdmitted();
        m.denied = s.denied();
        m.arrival = s.arrival();
        return m;
    }

    @Override
    public String toString() {
        return "Member[" + id + ", " + role.wire() + ", " + presence.wire() + ", " + stage.wire() + "]";
    }
}
