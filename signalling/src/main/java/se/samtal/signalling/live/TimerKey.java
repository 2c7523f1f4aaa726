package se.samtal.signalling.live;

/**
 * A timer of a live session: a participant's reconnect grace (for their {@code drops}-th drop,
 * so a timer of an earlier drop does nothing), or the session's alarm (end warning, hard stop).
 * {@link #id()} names it uniquely with ids only.
 */
public record TimerKey(Kind kind, String sessionId, String participantId, long drops) {

    public enum Kind {
        GRACE, ALARM
    }

    public static TimerKey grace(String sessionId, String participantId, long drops) {
        return new TimerKey(Kind.GRACE, sessionId, participantId, drops);
    }

    public static TimerKey alarm(String sessionId) {
        return new TimerKey(Kind.ALARM, sessionId, null, 0);
    }

    /** {@code g|<session>|<participant>|<drops>} or {@code a|<session>}. */
    public String id() {
        return kind == Kind.GRACE ? "g|" + sessionId + "|" + participantId + "|" + drops : "a|" + sessionId;
    }

    /** The timer an {@link #id()} names. */
    public static TimerKey parse(String id) {
        String[] parts = id.split("\\|", -1);
        return switch (parts[0]) {
            case "g" -> grace(parts[1], parts[2], Long.parseLong(parts[3]));
            case "a" -> alarm(parts[1]);
            default -> throw new IllegalArgumentException("not a timer id");
        };
    }
}
