package dev.anyrouter.routing;

import java.util.Objects;

/**
 * One account's settings for its pool of keys of one provider.
 *
 * @param credits when AnyRouter credits may serve the provider's models (see {@link PoolCredits})
 */
public record PoolConfig(PoolStrategy strategy, PoolCredits credits) {
    /** What a pool nobody configured does: priority order, and credits only while the account has no key there. */
    public static final PoolConfig DEFAULT = new PoolConfig(PoolStrategy.FALLBACK, PoolCredits.WITHOUT_KEYS);

    public PoolConfig {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(credits, "credits");
    }

    /**
     * Whether a request may fall through to credits when the pool's keys cannot serve it (all quarantined,
     * cooling down or failing): the API's {@code fallback_to_credits}.
     */
    public boolean fallbackToCredits() {
        return credits == PoolCredits.FALLBACK;
    }
}
