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

    /**
     * As {@link #order(List)}, for a request to {@code model} of about {@code tokens} tokens, which the
     * strategies that learn from answers (headroom, latency) order by; the others ignore them.
     */
    default List<ProviderKeyRecord> order(List<ProviderKeyRecord> keys, String model, long tokens) {
        return order(keys);
    }

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

    /**
     * The key keeping the largest share of its rate limits after this request first (the smaller of its
     * request and token windows' shares, {@link Headroom.Forecast#share()}); ties, and keys no answer
     * has spoken for (counted full), in priority order. Without a model it is fallback.
     */
    static KeySelectionStrategy headroom(Headroom headroom) {
        return learning((keys, model, tokens) -> {
            record Ranked(ProviderKeyRecord key, double share) {}
            List<Ranked> ranked = new ArrayList<>(keys.size());
            for (ProviderKeyRecord key : keys) ranked.add(new Ranked(key, headroom.forecast(key, model, tokens).share()));
            ranked.sort(Comparator.comparingDouble(Ranked::share).reversed().thenComparing(Ranked::key, PRIORITY));
            return ranked.stream().map(Ranked::key).toList();
        });
    }

    /** How often the latency strategy puts a key other than the fastest first, so a recovered key is noticed. */
    double EXPLORATION = 0.05;

    /**
     * The key with the lowest recent time to first token first ({@link Latencies}); keys that have not
     * served yet before all others (in priority order), so each is measured; and with probability
     * {@link #EXPLORATION} a key drawn at random goes first, so a key that was slow and recovered is seen again.
     */
    static KeySelectionStrategy latency(Latencies latencies, RandomGenerator random) {
        return learning((keys, model, tokens) -> {
            record Timed(ProviderKeyRecord key, long nanos) {}
            List<Timed> timed = new ArrayList<>(keys.size());
            for (ProviderKeyRecord key : keys) timed.add(new Timed(key, latencies.averageNanos(key, model).orElse(-1)));
            timed.sort(Comparator.comparingLong(Timed::nanos).thenComparing(Timed::key, PRIORITY));
            List<ProviderKeyRecord> out = new ArrayList<>(timed.stream().map(Timed::key).toList());
            if (random.nextDouble() < EXPLORATION) out.addFirst(out.remove(random.nextInt(out.size())));
            return out;
        });
    }

    /** How a strategy that learns from answers orders two or more keys for a known model. */
    @FunctionalInterface
    interface ForModel {
        List<ProviderKeyRecord> order(List<ProviderKeyRecord> keys, String model, long tokens);
    }

    /** A strategy ordering by {@code learnt} when there is a choice and the model is known; else in priority order. */
    private static KeySelectionStrategy learning(ForModel learnt) {
        return new KeySelectionStrategy() {
            @Override
            public List<ProviderKeyRecord> order(List<ProviderKeyRecord> keys) {
                return fallback().order(keys);
            }

            @Override
            public List<ProviderKeyRecord> order(List<ProviderKeyRecord> keys, String model, long tokens) {
                return keys.size() < 2 || model == null ? order(keys) : learnt.order(keys, model, tokens);
            }
        };
    }

    /** The strategy an account chose; round robin gets a fresh turn counter. */
    static KeySelectionStrategy of(PoolStrategy strategy, RandomGenerator random) {
        return of(strategy, random, new KeySignals(java.time.Clock.systemUTC()));
    }

    /** As {@link #of(PoolStrategy, RandomGenerator)}, the learning strategies reading {@code signals}. */
    static KeySelectionStrategy of(PoolStrategy strategy, RandomGenerator random, KeySignals signals) {
        return switch (strategy) {
            case FALLBACK -> fallback();
            case ROUND_ROBIN -> roundRobin();
            case WEIGHTED -> weighted(random);
            case RANDOM -> random(random);
            case HEADROOM -> headroom(signals.headroom());
            case LATENCY -> latency(signals.latencies(), random);
        };
    }
}
