package se.samtal.audit;

/**
 * An event that had to be durable before an answer could leave was not stored: the answer is
 * withheld. Its message has no personal data.
 */
public final class AuditUnavailableException extends RuntimeException {
    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
