package dev.anyrouter.store;

/**
 * A storage failure (a wrapped {@link java.sql.SQLException}, a failed migration, an unreachable
 * database). Messages never carry credentials: callers may log them as they are.
 */
public final class StoreException extends RuntimeException {
    /** A failure described only by its message. */
    public StoreException(String message) {
        super(message);
    }

    /** A failure with the exception that caused it. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
