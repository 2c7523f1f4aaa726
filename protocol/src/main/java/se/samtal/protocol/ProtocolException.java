package se.samtal.protocol;

/** A frame that could not be turned into a request, with the code to report and, if known, its id. */
public final class ProtocolException extends Exception {
    private final ErrorCode code;
    private final String requestId;
    private final String type;

    public ProtocolException(ErrorCode code, String message, String requestId) {
        this(code, message, requestId, null);
    }

    public ProtocolException(ErrorCode code, String message, String requestId, String type) {
        super(message, null, false, false);
        this.code = code;
        this.requestId = requestId;
        this.type = type;
    }

    /** The frame's {@code type} if one could be read (a {@code hello} with a field of the wrong type, say), else null. */
    public String type() {
        return type;
    }

    public ErrorCode code() {
        return code;
    }

    /** The id of the failed request, or {@code null} if the frame had none that could be read. */
    public String requestId() {
        return requestId;
    }
}
