package dev.anyrouter.config;

/** A setting that cannot be used; its message is the one line printed before start-up stops. */
public final class InvalidSettingsException extends RuntimeException {
    public InvalidSettingsException(String message) {
        super(message);
    }
}
