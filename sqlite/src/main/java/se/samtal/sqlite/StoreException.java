package se.samtal.sqlite;

import java.sql.SQLException;

/** A storage failure. Callers report it as {@code internal_error}; its message has no personal data. */
public final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super("storage failed: " + cause.getMessage(), cause);
    }

    public StoreException(String message, SQLException cause) {
        super(message, cause);
    }

    static StoreException closed(String database) {
        return new StoreException("database " + database + " is closed", null);
    }
}
