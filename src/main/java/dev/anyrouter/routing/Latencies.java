package dev.anyrouter.routing;

import com.github.benmanes.caffeine.cache.Cache;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.store.Caches;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Each key's recent time to first token, per model: an exponentially weighted moving average (each
 * answer counts for {@value #WEIGHT} of it), so a key that slows down or recovers shows it within a
 * few answers. Written by {@link Failover} from served answers; read by the latency strategy.
 * Thread-safe; bounded to {@value #MAX_ENTRIES} keys and models.
 */
public final class Latencies {
    static final double WEIGHT = 0.3;
    private static final long MAX_ENTRIES = 50_000;

    private record Slot(String keyId, String model) {}

    private static final class Average {
        double nanos = -1;
    }

    private final Cache<Slot, Average> averages = Caches.bounded(MAX_ENTRIES);

    /** A served answer's time to first token. */
    public void observe(ProviderKeyRecord key, String model, Duration ttft) {
        if (ttft.isNegative()) return;
        Average a = averages.get(new Slot(key.id(), model), s -> new Average());
        synchronized (a) {
            a.nanos = a.nanos < 0 ? ttft.toNanos() : a.nanos + WEIGHT * (ttft.toNanos() - a.nanos);
        }
    }

    /** The key's average time to first token in nanoseconds; empty when it has served none yet. */
    public OptionalLong averageNanos(ProviderKeyRecord key, String model) {
        Average a = averages.getIfPresent(new Slot(key.id(), model));
        if (a == null) return OptionalLong.empty();
        synchronized (a) {
            return a.nanos < 0 ? OptionalLong.empty() : OptionalLong.of((long) a.nanos);
        }
    }
}
