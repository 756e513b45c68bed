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

    /** The alias a requester sees for a key another user donated: never the donor's alias or account. */
    public static final String POOL_ALIAS = "pool";

    /**
     * The key's name as the caller may see it: its alias, or for an operator key (credits) a
     * fixed label, since the operator's keys are never shown to accounts, and for a donated key
     * {@value #POOL_ALIAS}, since the donor is never shown to the requester.
     */
    public String shownAlias() {
        return switch (billing) {
            case BYOK -> key.alias();
            case CREDITS -> "anyrouter credits";
            case POOL -> POOL_ALIAS;
        };
    }
}
