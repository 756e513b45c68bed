package dev.anyrouter.routing;

import dev.anyrouter.cluster.Change;
import dev.anyrouter.cluster.ChangeFeed;
import dev.anyrouter.store.Caches;
import com.github.benmanes.caffeine.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The request path's view of pool settings: each account's {@link PoolConfig} per provider with
 * the live {@link KeySelectionStrategy} that carries it out, cached so that a request reads no
 * database in the common case; a change on any node drops the entry on every node. A strategy outlives cache refreshes while it stays the same, so a
 * round-robin rotation is not reset every time its entry expires.
 */
public final class KeyPools {
    /** A pool's settings and the strategy object that orders its keys. */
    public record Pool(PoolConfig config, KeySelectionStrategy strategy) {}

    private record PoolKey(String accountId, String provider) {}

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final long MAX_POOLS = 50_000;

    private final PoolConfigStore store;
    private final ChangeFeed changes;
    private final RandomGenerator random;
    private final KeySignals signals;
    /** Fresh settings, re-read after the TTL. */
    private final Cache<PoolKey, Pool> pools;
    /** The last pool built per key, kept past its freshness so a rotation survives a re-read. */
    private final Cache<PoolKey, Pool> lastBuilt = Caches.bounded(MAX_POOLS);

    public KeyPools(PoolConfigStore store, RandomGenerator random, Clock clock) {
        this(store, random, clock, ChangeFeed.inProcess());
    }

    /** As above, publishing each change of settings on {@code changes}. */
    public KeyPools(PoolConfigStore store, RandomGenerator random, Clock clock, ChangeFeed changes) {
        this(store, random, clock, changes, new KeySignals(clock));
    }

    /** As above, the headroom and latency strategies reading {@code signals} (those the walk writes). */
    public KeyPools(PoolConfigStore store, RandomGenerator random, Clock clock, ChangeFeed changes, KeySignals signals) {
        this.signals = signals;
        this.changes = changes;
        this.store = store;
        this.random = random;
        this.pools = Caches.expiring(TTL, MAX_POOLS, clock);
    }

    /** The cached pool, or null when it needs loading. */
    public Pool cached(String accountId, String provider) {
        return pools.getIfPresent(new PoolKey(accountId, provider));
    }

    /** Loads the pool's settings from the store (the default when none are stored); blocking. */
    public Pool load(String accountId, String provider) {
        PoolConfig config = store.find(accountId, provider).orElse(PoolConfig.DEFAULT);
        PoolKey key = new PoolKey(accountId, provider);
        Pool previous = lastBuilt.getIfPresent(key);
        KeySelectionStrategy strategy = previous != null && previous.config().strategy() == config.strategy()
                ? previous.strategy()
                : KeySelectionStrategy.of(config.strategy(), random, signals);
        Pool pool = new Pool(config, strategy);
        pools.put(key, pool);
        lastBuilt.put(key, pool);
        return pool;
    }

    /** Every pool the account configured, read from the store (for pages that show them all, not the request path); blocking. */
    public java.util.Map<String, PoolConfig> configured(String accountId) {
        return store.list(accountId);
    }

    /** Stores new settings and tells every node, this one included, whose caches then drop the old ones. */
    public Pool put(String accountId, String provider, PoolConfig config) {
        store.put(accountId, provider, config);
        changes.publish(new Change.PoolChanged(accountId, provider));
        return load(accountId, provider);
    }

    /** Drops the pool's cached settings (its strategy's rotation is kept while the strategy stays the same). */
    public void forget(String accountId, String provider) {
        pools.invalidate(new PoolKey(accountId, provider));
    }

    /** Drops every pool's cached settings of the account. */
    public void forgetAccount(String accountId) {
        pools.asMap().keySet().removeIf(k -> k.accountId().equals(accountId));
    }

    /** Drops every cached pool setting. */
    public void forgetAll() {
        pools.invalidateAll();
    }
}
