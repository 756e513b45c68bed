package dev.anyrouter.routing;

import dev.anyrouter.cluster.Change;
import dev.anyrouter.cluster.ChangeFeed;
import dev.anyrouter.store.Caches;
import com.github.benmanes.caffeine.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The request path's view of presets: each (account, name) as last read, cached so that a request
 * naming a preset reads no database in the common case. A write through this class is published,
 * and every node (this one too) drops its entry; entries also expire, as a backstop, and at most
 * {@code MAX_CACHED} are kept, so names that are no preset cannot grow the heap.
 */
public final class Presets {
    private record Key(String accountId, String name) {}

    private static final Duration TTL = Duration.ofSeconds(30);
    /** Presets (and names known to be none) remembered; an account has a few, a node many accounts. */
    private static final long MAX_CACHED = 10_000;

    private final PresetStore store;
    private final ChangeFeed changes;
    private final Cache<Key, Optional<Preset>> cache;

    public Presets(PresetStore store, Clock clock) {
        this(store, clock, ChangeFeed.inProcess());
    }

    /** As above, publishing each change on {@code changes}. */
    public Presets(PresetStore store, Clock clock, ChangeFeed changes) {
        this.store = store;
        this.changes = changes;
        this.cache = Caches.expiring(TTL, MAX_CACHED, clock);
    }

    /** The cached preset (an empty Optional when it is known not to exist), or null when it needs loading. */
    public Optional<Preset> cached(String accountId, String name) {
        return cache.getIfPresent(new Key(accountId, name));
    }

    /** Reads the preset from the store; blocking. */
    public Optional<Preset> load(String accountId, String name) {
        Optional<Preset> found = store.find(accountId, name);
        cache.put(new Key(accountId, name), found);
        return found;
    }

    /** Stores the preset (created or replaced whole); blocking. */
    public Preset put(Preset preset) {
        Preset stored = store.put(preset);
        changes.publish(new Change.PresetChanged(stored.accountId(), stored.name()));
        return stored;
    }

    /** Deletes the preset; blocking. */
    public boolean delete(String accountId, String name) {
        boolean deleted = store.delete(accountId, name);
        changes.publish(new Change.PresetChanged(accountId, name));
        return deleted;
    }

    /** Drops the cached answer for the name (it changed, here or on another node). */
    public void forget(String accountId, String name) {
        cache.invalidate(new Key(accountId, name));
    }

    /** Drops every cached answer of the account. */
    public void forgetAccount(String accountId) {
        cache.asMap().keySet().removeIf(k -> k.accountId().equals(accountId));
    }

    /** Drops every cached answer. */
    public void forgetAll() {
        cache.invalidateAll();
    }

    /** How many (account, name) answers are remembered. */
    long cachedCount() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** The account's presets, by name, from the store; blocking. */
    public List<Preset> list(String accountId) {
        return store.list(accountId);
    }
}
