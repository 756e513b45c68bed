package dev.anyrouter.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The request path's view of presets: each (account, name) as last read, cached so that a request
 * naming a preset reads no database in the common case. Writes through this class refresh the
 * cache at once; entries expire, so another node's change is seen within the TTL.
 */
public final class Presets {
    private record Key(String accountId, String name) {}

    private static final Duration TTL = Duration.ofSeconds(30);

    private final PresetStore store;
    private final ExpiringCache<Key, Optional<Preset>> cache;

    public Presets(PresetStore store, Clock clock) {
        this.store = store;
        this.cache = new ExpiringCache<>(TTL, clock);
    }

    /** The cached preset (an empty Optional when it is known not to exist), or null when it needs loading. */
    public Optional<Preset> cached(String accountId, String name) {
        return cache.fresh(new Key(accountId, name));
    }

    /** Reads the preset from the store; blocking. */
    public Optional<Preset> load(String accountId, String name) {
        return cache.put(new Key(accountId, name), store.find(accountId, name));
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
        cache.remove(new Key(accountId, name));
        return deleted;
    }

    /** The account's presets, by name, from the store; blocking. */
    public List<Preset> list(String accountId) {
        return store.list(accountId);
    }
}
