package dev.anyrouter.byok;

import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.routing.KeyPools;
import dev.anyrouter.routing.PoolConfig;
import dev.anyrouter.routing.PoolCredits;
import dev.anyrouter.routing.PoolStrategy;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Pool settings and key health as both the JSON API ({@code http}) and the dashboard ({@code web}) show
 * and change them: one rule for merging a partial change, one spelling of a key's live health.
 */
public final class PoolService {
    /**
     * A key's health for display.
     *
     * @param status active, disabled, quarantined, cooling_down, ejected or probing
     * @param reason why, or null
     * @param until when it ends, or null when it has no end
     */
    public record Health(String status, String reason, Instant until) {
        /** The key's live health; a switched-off key is "disabled" whatever its last answers were. */
        public static Health of(ProviderKeyRecord key, KeyHealth health) {
            if (key.status() == KeyStatus.DISABLED) return new Health("disabled", key.statusReason(), null);
            KeyHealth.Status status = health.overall(key);
            String name = switch (status.state()) {
                case HEALTHY -> "active";
                default -> status.state().name().toLowerCase(Locale.ROOT);
            };
            return new Health(name, status.reason(), status.until());
        }
    }

    private final KeyPools pools;
    private final KeyHealth health;

    public PoolService(KeyPools pools, KeyHealth health) {
        this.pools = Objects.requireNonNull(pools, "pools");
        this.health = Objects.requireNonNull(health, "health");
    }

    /** The pool's settings (the default when none are stored); blocking. */
    public PoolConfig settings(String accountId, String provider) {
        return pools.load(accountId, provider).config();
    }

    /**
     * Changes what is given (null leaves a setting as it is) and returns the new settings; blocking.
     * {@code fallbackToCredits} is the older switch over the same setting (see {@link PoolCredits#withFallback}).
     */
    public PoolConfig change(String accountId, String provider, PoolStrategy strategy, PoolCredits credits, Boolean fallbackToCredits) {
        PoolConfig current = settings(accountId, provider);
        PoolCredits nextCredits = credits != null ? credits
                : fallbackToCredits != null ? current.credits().withFallback(fallbackToCredits) : current.credits();
        PoolConfig next = new PoolConfig(strategy == null ? current.strategy() : strategy, nextCredits);
        pools.put(accountId, provider, next);
        return next;
    }

    /** Every pool the account configured, by provider id (a provider absent here has {@link PoolConfig#DEFAULT}); blocking. */
    public java.util.Map<String, PoolConfig> all(String accountId) {
        return pools.configured(accountId);
    }

    /** The key's live health (see {@link Health#of}). */
    public Health health(ProviderKeyRecord key) {
        return Health.of(key, health);
    }
}
