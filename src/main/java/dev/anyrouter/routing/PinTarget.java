package dev.anyrouter.routing;

import dev.anyrouter.providers.ModelCatalog;
import dev.anyrouter.providers.ModelEntry;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The id a key's provider expects for a model a preset pins to that key. The key's own provider:
 * the model's own id. Another provider (an aggregator such as OpenRouter): the id that provider's
 * {@code /models} listed for it, else its catalog entry, matched on the canonical id or the bare
 * one with '.' and '-' taken as the same ({@code anthropic/claude-sonnet-4-5} is OpenRouter's
 * {@code anthropic/claude-sonnet-4.5}); when nothing matches, the canonical id as it is.
 */
public final class PinTarget {
    private PinTarget() {}

    /**
     * @param model the model placed by its own id
     * @param keyProvider the pinned key's provider
     * @param listed the pinned key's stored {@code /models} list (may be empty)
     */
    public static String upstreamId(ModelRef model, String keyProvider, List<String> listed, ModelCatalog catalog) {
        if (model.provider().id().equals(keyProvider)) return model.upstreamModel();
        String canonical = model.canonicalId();
        Optional<ModelEntry> entry = catalog.find(model.provider().id(), model.upstreamModel());
        List<String> wanted = entry.isPresent()
                ? List.of(norm(canonical), norm(entry.get().id()), norm(model.upstreamModel()), norm(bare(entry.get().id())))
                : List.of(norm(canonical), norm(model.upstreamModel()));
        for (String id : listed) {
            if (wanted.contains(norm(id))) return id;
        }
        for (ModelEntry e : catalog.byProvider(keyProvider)) {
            if (wanted.contains(norm(e.model()))) return e.model();
        }
        return entry.map(ModelEntry::id).orElse(canonical);
    }

    private static String bare(String canonicalId) {
        return canonicalId.substring(canonicalId.indexOf('/') + 1);
    }

    private static String norm(String id) {
        return id.toLowerCase(Locale.ROOT).replace('.', '-');
    }
}
