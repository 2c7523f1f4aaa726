package se.samtal.videobridge;

/**
 * A bridge did not do what was asked. {@link Kind} says what samtal can do about it: try another
 * bridge (it is unreachable or failing), or not (it refused the request: a bug on our side, or a
 * conference it no longer knows). The message names the bridge and what it said, never a person.
 */
public final class BridgeException extends RuntimeException {
    public enum Kind {
        /** No answer, a connection refused or reset, a timeout, a 5xx: the bridge may be down. */
        UNREACHABLE,
        /** A 400: the bridge refused the request (and said why). */
        REFUSED,
        /** A 404: the bridge does not know the conference (it restarted, or expired it). */
        CONFERENCE_GONE
    }

    private final Kind kind;

    public BridgeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public BridgeException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the conference should move to another bridge. */
    public boolean bridgeLost() {
        return kind != Kind.REFUSED;
    }
}
