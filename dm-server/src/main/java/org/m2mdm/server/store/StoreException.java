package org.m2mdm.server.store;

import java.sql.SQLException;

/**
 * A database operation failed. Messages name the operation and the SQL state, never values
 * bound to the statement (they may be secrets).
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final String UNIQUE_VIOLATION = "23505";
    static final String FOREIGN_KEY_VIOLATION = "23503";

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    static StoreException from(SQLException e) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
            return new DuplicateKeyException("a row with the same unique key already exists", e);
        }
        if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
            return new ReferenceException("the row is still referenced by other rows, or references a row that does not exist", e);
        }
        return new StoreException("database error (SQL state " + e.getSQLState() + ", code " + e.getErrorCode() + ")", e);
    }
}
