package dev.anyrouter.providers;

import java.time.Duration;
import java.util.Objects;

/**
 * What one upstream answer said of its key's rate limits: the request and token windows, each as the
 * limit, what is left of it, and how long until it is whole again, measured from the answer. Read
 * from the headers by {@link RateLimitHeaders}; {@link #NONE} when the answer said nothing.
 *
 * @param requests the request window, or null when the answer named none
 * @param tokens the token window (the most constraining one the provider names), or null
 */
public record RateLimits(Window requests, Window tokens) {
    /** An answer that said nothing of its limits. */
    public static final RateLimits NONE = new RateLimits(null, null);

    /**
     * One window of a limit.
     *
     * @param limit what the window allows in all
     * @param remaining what is left of it now
     * @param resetsIn how long until the window is whole again (zero: it already is)
     */
    public record Window(long limit, long remaining, Duration resetsIn) {
        public Window {
            Objects.requireNonNull(resetsIn, "resetsIn");
            if (limit < 0 || remaining < 0 || resetsIn.isNegative()) {
                throw new IllegalArgumentException("a rate-limit window has no negative parts");
            }
            remaining = Math.min(remaining, limit);
        }
    }

    /** Whether the answer said nothing of its limits. */
    public boolean isEmpty() {
        return requests == null && tokens == null;
    }
}
