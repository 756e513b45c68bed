package dev.anyrouter.routing;

import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.providers.UpstreamTarget;
import java.util.Objects;

/** One way to serve a request: this model, on this stored key, at this upstream, paid for so. */
public record Attempt(ModelRef model, ProviderKeyRecord key, UpstreamTarget target, Billing billing) {
    public Attempt {
        Objects.requireNonNull(billing, "billing");
    }

    /** An attempt on the caller's own key. */
    public Attempt(ModelRef model, ProviderKeyRecord key, UpstreamTarget target) {
        this(model, key, target, Billing.BYOK);
    }

    /**
     * The key's name as the caller may see it: its alias, or for an operator key (credits) a
     * fixed label, since the operator's keys are never shown to accounts.
     */
    public String shownAlias() {
        return billing == Billing.CREDITS ? "anyrouter credits" : key.alias();
    }
}
