package dev.anyrouter.providers;

import dev.anyrouter.protocol.Usage;
import dev.anyrouter.providers.ProviderCatalog.InvalidCatalogException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The models AnyRouter knows: {@code catalog/models.yaml} from the classpath, optionally extended or
 * overridden by an operator's file (no rebuild needed). Immutable. Answers what a model id means
 * (canonical {@code provider/model} or a bare alias), what it can do, and what it costs at list price.
 */
public final class ModelCatalog {

    /** Classpath location of the built-in catalog. */
    public static final String DEFAULT_RESOURCE = "/catalog/models.yaml";

    private static final Comparator<ModelEntry> STRONGEST_FIRST =
            Comparator.comparingInt(ModelEntry::rank).reversed().thenComparing(ModelEntry::id);

    private final List<ModelEntry> entries;
    private final Map<String, ModelEntry> byId;
    private final Map<String, List<ModelEntry>> byAlias;

    private ModelCatalog(List<ModelEntry> entries) {
        this.entries = entries.stream().sorted(STRONGEST_FIRST).toList();
        Map<String, ModelEntry> ids = new LinkedHashMap<>();
        Map<String, List<ModelEntry>> aliases = new HashMap<>();
        for (ModelEntry entry : this.entries) {
            ids.put(entry.id(), entry);
            for (String alias : entry.aliases()) {
                aliases.computeIfAbsent(aliasKey(alias), k -> new ArrayList<>()).add(entry);
            }
        }
        this.byId = Map.copyOf(ids);
        Map<String, List<ModelEntry>> frozen = new HashMap<>();
        aliases.forEach((alias, owners) -> frozen.put(alias, List.copyOf(owners)));
        this.byAlias = Map.copyOf(frozen);
    }

    /** The built-in catalog alone. */
    public static ModelCatalog loadDefault(ProviderCatalog providers) {
        ModelCatalogLoader loader = new ModelCatalogLoader(providers);
        return new ModelCatalog(loader.merge(readDefault(loader), List.of()));
    }

    /**
     * The built-in catalog with {@code operatorFile} applied on top: an entry whose {@code id} is
     * already known replaces just the fields it names; a new id adds a model and must be complete.
     *
     * @throws InvalidCatalogException when the file is missing, unreadable or malformed; the message
     *     names the file, the entry and the field
     */
    public static ModelCatalog load(ProviderCatalog providers, Path operatorFile) {
        Objects.requireNonNull(operatorFile, "operatorFile");
        ModelCatalogLoader loader = new ModelCatalogLoader(providers);
        List<ModelCatalogLoader.Draft> overrides;
        try (InputStream in = Files.newInputStream(operatorFile)) {
            overrides = loader.read(in, operatorFile.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidCatalogException("model catalog " + operatorFile + " does not exist", e);
        } catch (IOException e) {
            throw new InvalidCatalogException("model catalog " + operatorFile + " cannot be read: " + e, e);
        }
        return new ModelCatalog(loader.merge(readDefault(loader), overrides));
    }

    private static List<ModelCatalogLoader.Draft> readDefault(ModelCatalogLoader loader) {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new InvalidCatalogException("model catalog " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return loader.read(in, DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new InvalidCatalogException("model catalog " + DEFAULT_RESOURCE + " cannot be read: " + e, e);
        }
    }

    /** Every model, strongest first (rank descending, then id). */
    public List<ModelEntry> all() {
        return entries;
    }

    /** The model with this canonical id ({@code openai/gpt-4.1}). */
    public Optional<ModelEntry> find(String canonicalId) {
        return Optional.ofNullable(canonicalId == null ? null : byId.get(canonicalId));
    }

    /**
     * The model a client's id names: a canonical id, else an alias exactly one model claims
     * ({@code claude-sonnet-4-5}). Empty for unknown ids and for aliases several providers share,
     * which only the caller's keys can settle (see {@link #withAlias}).
     */
    public Optional<ModelEntry> resolve(String modelId) {
        Optional<ModelEntry> canonical = find(modelId);
        return canonical.isPresent() ? canonical : byAlias(modelId);
    }

    /** The one model claiming {@code alias}; empty when none or several (an ambiguous alias) do. */
    public Optional<ModelEntry> byAlias(String alias) {
        List<ModelEntry> owners = withAlias(alias);
        return owners.size() == 1 ? Optional.of(owners.getFirst()) : Optional.empty();
    }

    /** Every model claiming {@code alias} (matched ignoring case), strongest first. */
    public List<ModelEntry> withAlias(String alias) {
        return alias == null ? List.of() : byAlias.getOrDefault(aliasKey(alias), List.of());
    }

    /**
     * The provider's model that its own id (or one of its aliases) names, as a provider key's
     * {@code /models} lists it: {@code find("anthropic", "claude-sonnet-4-5-20250929")}.
     */
    public Optional<ModelEntry> find(String provider, String providerModelId) {
        if (provider == null || providerModelId == null) {
            return Optional.empty();
        }
        String key = aliasKey(providerModelId);
        return entries.stream()
                .filter(e -> e.provider().equals(provider))
                .filter(e -> aliasKey(e.model()).equals(key) || e.aliases().stream().anyMatch(a -> aliasKey(a).equals(key)))
                .findFirst();
    }

    /** The provider's models, strongest first. */
    public List<ModelEntry> byProvider(String provider) {
        return entries.stream().filter(e -> e.provider().equals(provider)).toList();
    }

    /** The model's list price; empty when the model is unknown or its provider publishes no per-token price. */
    public Optional<ModelEntry.Price> priceOf(String canonicalId) {
        return find(canonicalId).flatMap(ModelEntry::price);
    }

    /**
     * What {@code usage} costs on this model at list price, in micro-dollars; cached tokens at the
     * cached rate. Empty when the model is unknown or unpriced.
     */
    public OptionalLong costMicros(String canonicalId, Usage usage) {
        Objects.requireNonNull(usage, "usage");
        Optional<ModelEntry.Price> price = priceOf(canonicalId);
        return price.isPresent() ? OptionalLong.of(price.get().costMicros(usage)) : OptionalLong.empty();
    }

    private static String aliasKey(String alias) {
        return alias.toLowerCase(Locale.ROOT);
    }
}
