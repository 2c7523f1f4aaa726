package se.samtal.recording.session;

/**
 * Where a participant is, as far as recording goes. Only people in the room can be seen or
 * heard, so only they must have said yes for a recording to run; people in the waiting room are
 * asked too, so they can answer before they come in.
 */
public enum Attendance {
    /** In the waiting room: holds a place, is neither seen nor heard. */
    WAITING,
    /** Let in (admitted or in the call): may be seen and heard. */
    IN_ROOM,
    /** Left, disconnected for good, or turned away. */
    GONE;

    public boolean holdsPlace() {
        return this != GONE;
    }
}
