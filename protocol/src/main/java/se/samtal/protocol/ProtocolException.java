package se.samtal.protocol;

/** A frame that could not be turned into a request, with the code to report and, if known, its id. */
public final class ProtocolException extends Exception {
    private final ErrorCode code;
    private final String requestId;

    public ProtocolException(ErrorCode code, String message, String requestId) {
        super(message, null, false, false);
        this.code = code;
        this.requestId = requestId;
    }

    public ErrorCode code() {
        return code;
    }

    /** The id of the failed request, or {@code null} if the frame had none that could be read. */
    public String requestId() {
        return requestId;
    }
}
