package dev.anyrouter.routing;

import java.util.List;
import java.util.Objects;

/**
 * What one request may try, in order: the caller's own keys of the model's provider that can
 * serve now (ordered by the pool's strategy), then, when the pool allows the fall-through, the
 * operator's keys paid for with credits.
 *
 * @param attempts the BYOK attempts, in order (empty when no key of the pool can serve now)
 * @param credits the credits attempts that follow them (empty unless the pool allows it)
 * @param pool every key of the pool the caller may use, whatever its state, to explain a refusal
 * @param config the pool's settings
 */
public record Plan(ModelRef model, List<Attempt> attempts, List<Attempt> credits, List<ProviderKeyRecord> pool,
                   PoolConfig config) {
    public Plan {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(config, "config");
        attempts = List.copyOf(attempts);
        credits = List.copyOf(credits);
        pool = List.copyOf(pool);
    }

    /** The first BYOK attempt. */
    public Attempt first() {
        if (attempts.isEmpty()) throw new IllegalStateException("no key of the pool can serve now");
        return attempts.getFirst();
    }
}
