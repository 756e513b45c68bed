package dev.anyrouter.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The owner's traffic comes first: a donated key that answered 429 (to anyone: its owner or the
 * pool) stays out of pool traffic twice as long as its cool-down, and {@link #MARGIN} more, so the
 * owner's own requests get the key back before the pool does and the pool never eats the headroom
 * the owner is waiting for. Fed by every cool-down this node learns (its own and other nodes',
 * through the change feed); in memory, as key health is.
 */
public final class PoolHeadroom {
    /** How much longer than twice the cool-down the pool stays off a key. */
    public static final Duration MARGIN = Duration.ofSeconds(30);

    private final Clock clock;
    private final Map<String, Long> poolCoolUntil = new ConcurrentHashMap<>();

    public PoolHeadroom(Clock clock) {
        this.clock = clock;
    }

    /** The key was cooled down until {@code untilEpochMilli} (for some model): the pool stays off it longer. */
    public void cooledDown(String keyId, long untilEpochMilli) {
        long now = clock.millis();
        long pool = untilEpochMilli + Math.max(0, untilEpochMilli - now) + MARGIN.toMillis();
        poolCoolUntil.merge(keyId, pool, Math::max);
    }

    /** Whether the pool may use the key now. */
    public boolean admits(String keyId) {
        Long until = poolCoolUntil.get(keyId);
        if (until == null) return true;
        if (until <= clock.millis()) {
            poolCoolUntil.remove(keyId, until);
            return true;
        }
        return false;
    }

    /** Forgets what was learned of the key (its owner re-validated it, switched it, or deleted it). */
    public void restore(String keyId) {
        poolCoolUntil.remove(keyId);
    }
}
