package se.samtal.loadtest.peer;

/** The server answered a request with an error, or the connection went away before it answered. */
public final class PeerException extends RuntimeException {
    private final String code;

    public PeerException(String code, String message) {
        super(code + (message == null ? "" : ": " + message), null, false, false);
        this.code = code;
    }

    /** The protocol's error code, or {@code closed} when the connection closed first. */
    public String code() {
        return code;
    }
}
