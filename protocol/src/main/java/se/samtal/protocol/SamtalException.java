package se.samtal.protocol;

/**
 * A failure with a stable {@link ErrorCode}. The message is for humans and must never contain
 * personal data, tokens or message bodies: it may end up in logs and on the wire.
 */
public class SamtalException extends RuntimeException {
    private final ErrorCode code;
    private final Long retryAfterMs;

    public SamtalException(ErrorCode code) {
        this(code, code.defaultMessage());
    }

    public SamtalException(ErrorCode code, String message) {
        this(code, message, (Throwable) null);
    }

    public SamtalException(ErrorCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.retryAfterMs = null;
    }

    private SamtalException(ErrorCode code, String message, long retryAfterMs) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterMs = retryAfterMs;
    }

    /** {@code rate_limited}, with when to try again. */
    public static SamtalException rateLimited(String message, long retryAfterMs) {
        return new SamtalException(ErrorCode.RATE_LIMITED, message, retryAfterMs);
    }

    /** {@code code} (such as {@code rate_limited} or {@code unavailable}), with when to try again. */
    public static SamtalException tryAgainLater(ErrorCode code, String message, long retryAfterMs) {
        return new SamtalException(code, message, retryAfterMs);
    }

    public ErrorCode code() {
        return code;
    }

    /** With {@code rate_limited} (and {@code unavailable} where samtal can tell): milliseconds until trying again may succeed; otherwise null. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }
}
