package dev.anyrouter.routing;

import dev.anyrouter.keys.ProviderKeyRecord;
import java.util.List;
import java.util.Objects;

/**
 * What one model of a {@link Plan} may try, in order: the caller's keys that can serve it now
 * (ordered by the pool's strategy), then, when allowed, the operator's keys paid with credits.
 *
 * @param attempts the BYOK attempts, in order (empty when no key can serve now)
 * @param credits the credits attempts (empty unless the fall-through is allowed)
 * @param pool every key the caller may use for it, whatever its state, to explain a refusal
 * @param creditsAllowed whether the credits fall-through may serve it
 */
public record ModelPlan(ModelRef model, List<Attempt> attempts, List<Attempt> credits, List<ProviderKeyRecord> pool,
                        boolean creditsAllowed) {
    public ModelPlan {
        Objects.requireNonNull(model, "model");
        attempts = List.copyOf(attempts);
        credits = List.copyOf(credits);
        pool = List.copyOf(pool);
    }
}
