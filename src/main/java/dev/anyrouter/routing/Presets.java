package dev.anyrouter.routing;

import dev.anyrouter.store.Caches;
import com.github.benmanes.caffeine.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The request path's view of presets: each (account, name) as last read, cached so that a request
 * naming a preset reads no database in the common case. Writes through this class refresh the
 * cache at once; entries expire, so another node's change is seen within the TTL, and at most
 * {@code MAX_CACHED} are kept, so names that are no preset cannot grow the heap.
 */
public final class Presets {
    private record Key(String accountId, String name) {}

    private static final Duration TTL = Duration.ofSeconds(30);
    /** Presets (and names known to be none) remembered; an account has a few, a node many accounts. */
    private static final long MAX_CACHED = 10_000;

    private final PresetStore store;
    private final Cache<Key, Optional<Preset>> cache;

    public Presets(PresetStore store, Clock clock) {
        this.store = store;
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
        cache.put(new Key(stored.accountId(), stored.name()), Optional.of(stored));
        return stored;
    }

    /** Deletes the preset; blocking. */
    public boolean delete(String accountId, String name) {
        boolean deleted = store.delete(accountId, name);
        cache.invalidate(new Key(accountId, name));
        return deleted;
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
