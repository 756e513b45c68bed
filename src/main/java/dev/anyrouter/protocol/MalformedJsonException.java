package dev.anyrouter.protocol;

/** A body that is not JSON of the expected shape; its message is safe to show the client. */
public final class MalformedJsonException extends RuntimeException {
    public MalformedJsonException(String message) {
        super(message, null, false, false);
    }
}
