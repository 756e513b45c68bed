package dev.anyrouter.routing;

import java.util.Objects;

/**
 * One account's settings for its pool of keys of one provider.
 *
 * @param fallbackToCredits whether a request may be served from AnyRouter credits when no key of
 *     the pool can serve it (none stored, or all quarantined, cooling down or failing)
 */
public record PoolConfig(PoolStrategy strategy, boolean fallbackToCredits) {
    /** What a pool nobody configured does: priority order, and never spends credits. */
    public static final PoolConfig DEFAULT = new PoolConfig(PoolStrategy.FALLBACK, false);

    public PoolConfig {
        Objects.requireNonNull(strategy, "strategy");
    }
}
