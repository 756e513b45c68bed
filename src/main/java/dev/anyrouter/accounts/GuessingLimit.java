package dev.anyrouter.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;

/**
 * Online guessing, bounded: each key (a client address, an account's e-mail) may fail at most
 * {@code maxFailures} times in any {@code window}; one more attempt is refused, before any password
 * is hashed, until the oldest of those failures is a window old. It is a sliding log, so the
 * refusal lasts exactly as long as it must and then the right password works again.
 *
 * <p>Memory is bounded: at most {@value #MAX_KEYS} keys are tracked (least recently written
 * forgotten first), each with at most {@code maxFailures} timestamps, and a key is dropped a window
 * after its last failure. Time comes from the injected clock, so tests step it instead of sleeping.
 */
public final class GuessingLimit {
    static final int MAX_KEYS = 100_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Cache<String, Deque<Long>> failures;

    /** At most {@code maxFailures} failures per key in any {@code window}, timed by {@code clock}. */
    public GuessingLimit(int maxFailures, Duration window, Clock clock) {
        if (maxFailures < 1) throw new IllegalArgumentException("maxFailures must be at least 1");
        this.maxFailures = maxFailures;
        this.window = Objects.requireNonNull(window);
        this.clock = Objects.requireNonNull(clock);
        this.failures = Caffeine.newBuilder()
                .maximumSize(MAX_KEYS)
                .expireAfterWrite(window)
                .ticker(() -> clock.millis() * 1_000_000L)
                .build();
    }

    /** How long until any of {@code keys} may try again; empty when none is over its limit. */
    public Optional<Duration> retryAfter(String... keys) {
        long now = clock.millis();
        long until = 0;
        for (String key : keys) {
            Deque<Long> log = failures.getIfPresent(key);
            if (log == null) continue;
            synchronized (log) {
                prune(log, now);
                if (log.size() >= maxFailures) until = Math.max(until, log.peekFirst() + window.toMillis());
            }
        }
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    /** Counts one failure against each of {@code keys}. */
    public void fail(String... keys) {
        long now = clock.millis();
        for (String key : keys) {
            failures.asMap().compute(key, (k, log) -> {
                Deque<Long> next = log == null ? new ArrayDeque<>(maxFailures) : log;
                synchronized (next) {
                    prune(next, now);
                    if (next.size() >= maxFailures) next.pollFirst();
                    next.addLast(now);
                }
                return next;
            });
        }
    }

    /** Forgets the failures of {@code key} (an account's, after its right password). */
    public void clear(String key) {
        failures.invalidate(key);
    }

    private void prune(Deque<Long> log, long now) {
        long cutoff = now - window.toMillis();
        while (!log.isEmpty() && log.peekFirst() <= cutoff) log.pollFirst();
    }
}
