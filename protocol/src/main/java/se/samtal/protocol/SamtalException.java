package se.samtal.protocol;

/**
 * A failure with a stable {@link ErrorCode}. The message is for humans and must never contain
 * personal data, tokens or message bodies: it may end up in logs and on the wire.
 */
public class SamtalException extends RuntimeException {
    private final ErrorCode code;

    public SamtalException(ErrorCode code) {
        this(code, code.defaultMessage());
    }

    public SamtalException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public SamtalException(ErrorCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
