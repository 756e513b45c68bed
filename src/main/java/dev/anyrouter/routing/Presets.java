package dev.anyrouter.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request path's view of presets: each (account, name) as last read, cached so that a request
 * naming a preset reads no database in the common case. Writes through this class refresh the
 * cache at once; entries expire, so another node's change is seen within the TTL.
 */
public final class Presets {
    private record Key(String accountId, String name) {}

    private record Cached(Optional<Preset> preset, Instant until) {}

    private static final Duration TTL = Duration.ofSeconds(30);

    private final PresetStore store;
    private final Clock clock;
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();

    public Presets(PresetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The cached preset (an empty Optional when it is known not to exist), or null when it needs loading. */
    public Optional<Preset> cached(String accountId, String name) {
        Cached hit = cache.get(new Key(accountId, name));
        return hit != null && hit.until().isAfter(clock.instant()) ? hit.preset() : null;
    }

    /** Reads the preset from the store; blocking. */
    public Optional<Preset> load(String accountId, String name) {
        Optional<Preset> found = store.find(accountId, name);
        cache.put(new Key(accountId, name), new Cached(found, clock.instant().plus(TTL)));
        return found;
    }

    /** Stores the preset (created or replaced whole); blocking. */
    public Preset put(Preset preset) {
        Preset stored = store.put(preset);
        cache.put(new Key(stored.accountId(), stored.name()), new Cached(Optional.of(stored), clock.instant().plus(TTL)));
        return stored;
    }

    /** Deletes the preset; blocking. */
    public boolean delete(String accountId, String name) {
        boolean deleted = store.delete(accountId, name);
        cache.remove(new Key(accountId, name));
        return deleted;
    }

    public java.util.List<Preset> list(String accountId) {
        return store.list(accountId);
    }
}
