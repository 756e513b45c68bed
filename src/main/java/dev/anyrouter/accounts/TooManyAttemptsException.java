package dev.anyrouter.accounts;

import java.time.Duration;

/** A sign-in refused before any password was checked: too many failures from this address or for this account. */
public final class TooManyAttemptsException extends RuntimeException {
    private final Duration retryAfter;

    TooManyAttemptsException(Duration retryAfter) {
        super("too many failed attempts", null, false, false);
        this.retryAfter = retryAfter;
    }

    /** How long until the next attempt is taken. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter()} in whole seconds, rounded up (what {@code Retry-After} carries). */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
