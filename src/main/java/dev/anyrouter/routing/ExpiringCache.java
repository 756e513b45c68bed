package dev.anyrouter.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values the request path keeps in memory for a while: each entry is fresh for {@code ttl} after
 * it was put, judged by the injected clock, so another node's change is picked up within the TTL
 * and this node's own changes can drop an entry at once. Safe for concurrent use.
 */
final class ExpiringCache<K, V> {
    private record Entry<V>(V value, Instant until) {}

    private final Duration ttl;
    private final Clock clock;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

    ExpiringCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The value if present and fresh, else null. */
    V fresh(K key) {
        Entry<V> hit = entries.get(key);
        return hit != null && hit.until().isAfter(clock.instant()) ? hit.value() : null;
    }

    /** Puts {@code value}, fresh from now, and returns it. */
    V put(K key, V value) {
        entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
        return value;
    }

    void remove(K key) {
        entries.remove(key);
    }
}
