package se.samtal.protocol;

/**
 * WebSocket close codes samtal uses. 1000–1011 are RFC 6455 codes; 4000–4999 are samtal's own.
 * A close from the server is preceded by an {@code error} frame where a precise code helps.
 */
public final class CloseCodes {
    /** The participant left ({@code leave}) or the client closed normally. */
    public static final int NORMAL = 1000;
    /** The server is shutting down; reconnect (to any node) after a short pause. */
    public static final int GOING_AWAY = 1001;
    /** A WebSocket protocol violation (bad framing). */
    public static final int PROTOCOL_ERROR = 1002;
    /** A text message that is not UTF-8. */
    public static final int INVALID_PAYLOAD = 1007;
    /** A frame larger than the configured maximum. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** An unexpected server error. */
    public static final int INTERNAL_ERROR = 1011;

    /** No {@code hello} arrived within the hello timeout. */
    public static final int HELLO_TIMEOUT = 4000;
    /**
     * {@code hello} failed: a bad, expired or replayed token, or a session that cannot be joined
     * (not found, cancelled, ended, full, not open yet). The error frame before it says which.
     */
    public static final int JOIN_REFUSED = 4001;
    /** Nothing was heard from the client (not even a pong) within the idle timeout. */
    public static final int IDLE_TIMEOUT = 4004;
    /** The client kept sending after being told it was rate limited. */
    public static final int RATE_LIMITED = 4008;
    /** The client did not read its messages fast enough; its outbound queue overflowed. */
    public static final int SLOW_CONSUMER = 4009;
    /** The same person joined the same session from another connection, which now holds the place. */
    public static final int REPLACED = 4010;
    /** The session ended (ended by the host, cancelled, or past its hard stop). */
    public static final int SESSION_ENDED = 4011;
    /** A host did not let this person in (denied from the waiting room). */
    public static final int DENIED = 4012;

    private CloseCodes() {
    }

    /**
     * Whether a client should reconnect after this close code. Codes that mean "this will fail
     * again" (auth failures, ended sessions, a replaced connection) must not be retried.
     */
    public static boolean shouldReconnect(int code) {
        return switch (code) {
            case GOING_AWAY, INTERNAL_ERROR, IDLE_TIMEOUT, SLOW_CONSUMER, 1006 -> true;
            default -> false;
        };
    }
}
