package se.samtal.sqlite;

import java.sql.SQLException;

/**
 * A storage failure; its message has no personal data. Usually nothing of the write was stored
 * (callers report it as {@code internal_error}); when the commit itself failed in a way that may
 * have left the transaction on disk, {@link #outcomeUnknown()} says so.
 */
public final class StoreException extends RuntimeException {
    private final boolean outcomeUnknown;

    public StoreException(SQLException cause) {
        this("storage failed: " + cause.getMessage(), cause);
    }

    public StoreException(String message, SQLException cause) {
        this(message, cause, false);
    }

    private StoreException(String message, SQLException cause, boolean outcomeUnknown) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * The commit failed in a way that may have left the transaction durable (an I/O error while
     * the write-ahead log was written or flushed: recovery on the next open may find it whole).
     * A full disk is not such a failure: SQLite writes no commit record it could not finish.
     */
    static StoreException commitFailed(SQLException cause) {
        boolean full = cause.getErrorCode() == 13 || (cause.getMessage() != null && cause.getMessage().contains("SQLITE_FULL"));
        return new StoreException("commit failed: " + cause.getMessage(), cause, !full);
    }

    /** Whether the write may have been stored although it failed (ask again to learn). */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }

    static StoreException closed(String database) {
        return new StoreException("database " + database + " is closed", null);
    }
}
