package dev.anyrouter.routing;

import dev.anyrouter.keys.ProviderKeyRecord;
import java.util.Objects;
import java.util.Set;

/**
 * One model a request may be served by, and which of the caller's keys may serve it.
 *
 * @param keyIds the keys of the model's provider that may serve it, or null for the provider's
 *     whole pool (a model named by its id); a virtual model's candidate is limited to the keys
 *     that list it, a preset's pin to one key
 * @param credits whether the credits fall-through may serve this model when no key of the caller does
 */
public record RouteTarget(ModelRef model, Set<String> keyIds, Credits credits) {
    /** Whether AnyRouter credits may serve a target that no key of the caller could. */
    public enum Credits {
        /** As the provider's pool is set ({@code fallback_to_credits}). */
        POOL,
        /** Never: virtual models and pinned keys. */
        NEVER,
        /** Yes, whatever the pool says (a preset that allows it). */
        ALLOWED
    }

    public RouteTarget {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(credits, "credits");
        keyIds = keyIds == null ? null : Set.copyOf(keyIds);
    }

    /** A model named by its id: the provider's whole pool, credits as the pool says. */
    public static RouteTarget of(ModelRef model) {
        return new RouteTarget(model, null, Credits.POOL);
    }

    /** Whether {@code key} may serve this target. */
    boolean admits(ProviderKeyRecord key) {
        return keyIds == null || keyIds.contains(key.id());
    }
}
