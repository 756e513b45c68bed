package dev.anyrouter.routing;

import dev.anyrouter.providers.Provider;

/** A model the client named, placed: the provider that serves it and that provider's own id for it. */
public record ModelRef(Provider provider, String upstreamModel) {
    /** The canonical {@code provider/model} id, as logs and responses name it. */
    public String canonicalId() {
        return provider.id() + "/" + upstreamModel;
    }
}
