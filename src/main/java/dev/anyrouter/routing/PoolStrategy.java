package dev.anyrouter.routing;

import java.util.Locale;

/**
 * How a pool orders its keys for a request, as the account chose it. The request walks the
 * whole ordering, so a strategy decides who goes first, never who is left out.
 *
 * <ul>
 *   <li>{@link #FALLBACK}: ascending priority, ties by creation time (the oldest first).
 *   <li>{@link #ROUND_ROBIN}: even rotation across the healthy keys.
 *   <li>{@link #WEIGHTED}: the first key drawn in proportion to {@code weight}; weight 0 is standby.
 *   <li>{@link #RANDOM}: uniform.
 *   <li>{@link #HEADROOM}: the key with the largest share of its rate limits left after this request
 *       first, as its answers' rate-limit headers tell ({@link Headroom}); keys not heard from yet count as full.
 *   <li>{@link #LATENCY}: the key with the lowest recent time to first token first ({@link Latencies}),
 *       keys not heard from first, and now and then another one, so a recovered key is noticed.
 * </ul>
 * Whatever the strategy, a key its own answers forecast empty is passed by like a cooling one.
 */
public enum PoolStrategy {
    FALLBACK,
    ROUND_ROBIN,
    WEIGHTED,
    RANDOM,
    HEADROOM,
    LATENCY;

    /** The strategy the dashboard suggests for a pool of several keys. */
    public static final PoolStrategy SUGGESTED = HEADROOM;

    /** The spelling of the API ({@code round_robin}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the API's spelling; null when it names no strategy. */
    public static PoolStrategy fromWire(String name) {
        if (name == null) return null;
        for (PoolStrategy s : values()) {
            if (s.wireName().equals(name.strip().toLowerCase(Locale.ROOT))) return s;
        }
        return null;
    }
}
