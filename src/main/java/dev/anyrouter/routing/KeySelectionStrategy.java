package dev.anyrouter.routing;

import dev.anyrouter.keys.ProviderKeyRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Orders the keys of a pool that may serve a request right now. The result is a full ordering of
 * its input (a permutation): the request tries the first key and walks on through the rest, so
 * no strategy ever hides a healthy key. Implementations are pure apart from the random source
 * they are given and, for round robin, its own turn counter; random sources must be safe for
 * concurrent use ({@link java.util.Random}, {@link java.security.SecureRandom}).
 */
@FunctionalInterface
public interface KeySelectionStrategy {
    /** Pool order, as the store gives it: ascending priority, then the oldest key first. */
    Comparator<ProviderKeyRecord> PRIORITY = Comparator.comparingInt(ProviderKeyRecord::priority)
            .thenComparing(ProviderKeyRecord::createdAt)
            .thenComparing(ProviderKeyRecord::id);

    /** A new list holding every key of {@code keys}, in the order the request should try them. */
    List<ProviderKeyRecord> order(List<ProviderKeyRecord> keys);

    /** Ascending priority, ties by creation time. */
    static KeySelectionStrategy fallback() {
        return keys -> keys.size() < 2 ? keys : keys.stream().sorted(PRIORITY).toList();
    }

    /**
     * Each request starts one key further along the priority order than the one before it, so the
     * keys it is given take turns evenly; the turn counter is atomic, so concurrent requests stay fair.
     */
    static KeySelectionStrategy roundRobin() {
        AtomicLong turn = new AtomicLong();
        return keys -> {
            List<ProviderKeyRecord> sorted = keys.stream().sorted(PRIORITY).toList();
            if (sorted.size() < 2) return sorted;
            int start = (int) Math.floorMod(turn.getAndIncrement(), (long) sorted.size());
            List<ProviderKeyRecord> out = new ArrayList<>(sorted.size());
            out.addAll(sorted.subList(start, sorted.size()));
            out.addAll(sorted.subList(0, start));
            return out;
        };
    }

    /**
     * A weighted draw without replacement (Efraimidis–Spirakis: each key's sort key is an
     * exponential variate of rate {@code weight}), so key {@code i} comes first with probability
     * {@code weight_i / Σ weight}. Keys of weight 0 are standby: they follow every weighted key,
     * in priority order, and so serve only when no weighted key can.
     */
    static KeySelectionStrategy weighted(RandomGenerator random) {
        return keys -> {
            record Drawn(ProviderKeyRecord key, double rank) {}
            List<Drawn> weighted = new ArrayList<>();
            List<ProviderKeyRecord> standby = new ArrayList<>();
            for (ProviderKeyRecord key : keys) {
                if (key.weight() > 0) weighted.add(new Drawn(key, -Math.log(1.0 - random.nextDouble()) / key.weight()));
                else standby.add(key);
            }
            weighted.sort(Comparator.comparingDouble(Drawn::rank));
            standby.sort(PRIORITY);
            List<ProviderKeyRecord> out = new ArrayList<>(keys.size());
            weighted.forEach(d -> out.add(d.key()));
            out.addAll(standby);
            return out;
        };
    }

    /** A uniform shuffle (Fisher–Yates). */
    static KeySelectionStrategy random(RandomGenerator random) {
        return keys -> {
            List<ProviderKeyRecord> out = new ArrayList<>(keys.stream().sorted(PRIORITY).toList());
            for (int i = out.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                ProviderKeyRecord swap = out.get(i);
                out.set(i, out.get(j));
                out.set(j, swap);
            }
            return out;
        };
    }

    /** The strategy an account chose; round robin gets a fresh turn counter. */
    static KeySelectionStrategy of(PoolStrategy strategy, RandomGenerator random) {
        return switch (strategy) {
            case FALLBACK -> fallback();
            case ROUND_ROBIN -> roundRobin();
            case WEIGHTED -> weighted(random);
            case RANDOM -> random(random);
        };
    }
}
