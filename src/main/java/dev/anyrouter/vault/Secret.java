package dev.anyrouter.vault;

import java.util.Objects;

/**
 * A plaintext credential in memory (a provider key, a password).
 *
 * <p>{@link #toString()} is redacted so a careless log line or exception message cannot leak it;
 * the value leaves only through {@link #reveal()}, which the code that talks to the upstream calls
 * at the last moment. {@code equals} and {@code hashCode} are deliberately not overridden: comparing
 * secrets by value invites non-constant-time checks and hash-based lookups keyed on plaintext.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a plaintext value; it must not be empty. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("secret value is empty");
        }
        return new Secret(value);
    }

    /** The plaintext. Call only where the value is about to be used, never to log or display it. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
