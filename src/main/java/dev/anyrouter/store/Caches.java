package dev.anyrouter.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How the request path keeps things in memory: Caffeine caches, each bounded in size (a client
 * who names a new thing per request evicts old entries rather than growing the heap) and fresh for
 * a time judged by the injected clock, so another node's change is picked up within it and tests
 * run entries out without sleeping. Maintenance runs on the calling thread: it is amortised and
 * small, and no pool thread is needed.
 */
public final class Caches {
    private Caches() {}

    /** A cache of at most {@code maximumSize} entries, each fresh for {@code ttl} after it was put. */
    public static <K, V> Cache<K, V> expiring(Duration ttl, long maximumSize, Clock clock) {
        return Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).ticker(ticker(clock))
                .executor(Runnable::run).build();
    }

    /** A cache of at most {@code maximumSize} entries that never expire by time. */
    public static <K, V> Cache<K, V> bounded(long maximumSize) {
        return Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
    }

    /** The clock as Caffeine's nanosecond ticker. */
    public static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }
}
