package dev.anyrouter.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The request path's view of pool settings: each account's {@link PoolConfig} per provider with
 * the live {@link KeySelectionStrategy} that carries it out, cached so that a request reads no
 * database in the common case. A strategy outlives cache refreshes while it stays the same, so a
 * round-robin rotation is not reset every time its entry expires.
 */
public final class KeyPools {
    /** A pool's settings and the strategy object that orders its keys. */
    public record Pool(PoolConfig config, KeySelectionStrategy strategy) {}

    private record PoolKey(String accountId, String provider) {}

    private record Cached(Pool pool, Instant until) {}

    private static final Duration TTL = Duration.ofSeconds(30);

    private final PoolConfigStore store;
    private final RandomGenerator random;
    private final Clock clock;
    private final Map<PoolKey, Cached> pools = new ConcurrentHashMap<>();

    public KeyPools(PoolConfigStore store, RandomGenerator random, Clock clock) {
        this.store = store;
        this.random = random;
        this.clock = clock;
    }

    /** The cached pool, or null when it needs loading. */
    public Pool cached(String accountId, String provider) {
        Cached hit = pools.get(new PoolKey(accountId, provider));
        return hit != null && hit.until().isAfter(clock.instant()) ? hit.pool() : null;
    }

    /** Loads the pool's settings from the store (the default when none are stored); blocking. */
    public Pool load(String accountId, String provider) {
        PoolConfig config = store.find(accountId, provider).orElse(PoolConfig.DEFAULT);
        PoolKey key = new PoolKey(accountId, provider);
        Cached previous = pools.get(key);
        KeySelectionStrategy strategy = previous != null && previous.pool().config().strategy() == config.strategy()
                ? previous.pool().strategy()
                : KeySelectionStrategy.of(config.strategy(), random);
        Pool pool = new Pool(config, strategy);
        pools.put(key, new Cached(pool, clock.instant().plus(TTL)));
        return pool;
    }

    /** Stores new settings and refreshes the cache at once. */
    public Pool put(String accountId, String provider, PoolConfig config) {
        store.put(accountId, provider, config);
        return load(accountId, provider);
    }
}
