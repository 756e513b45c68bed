package dev.anyrouter.routing;

import dev.anyrouter.providers.ProviderCatalog;
import java.util.Optional;

/**
 * Places a client's model id: {@code provider/model} when the prefix is a catalog provider
 * (the rest may itself contain slashes, as OpenRouter ids do), otherwise a bare id by the
 * catalog's model prefixes ({@code gpt-4.1} → openai).
 */
public final class ModelResolver {
    private final ProviderCatalog catalog;

    public ModelResolver(ProviderCatalog catalog) {
        this.catalog = catalog;
    }

    public Optional<ModelRef> resolve(String modelId) {
        int slash = modelId.indexOf('/');
        if (slash > 0 && slash < modelId.length() - 1) {
            var provider = catalog.find(modelId.substring(0, slash));
            if (provider.isPresent()) return Optional.of(new ModelRef(provider.get(), modelId.substring(slash + 1)));
        }
        return catalog.placeBareModel(modelId).map(p -> new ModelRef(p, modelId));
    }
}
