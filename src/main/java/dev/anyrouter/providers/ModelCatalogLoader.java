package dev.anyrouter.providers;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.anyrouter.providers.ProviderCatalog.InvalidCatalogException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads {@code models.yaml}-format files into validated {@link ModelEntry}s: the built-in catalog
 * first, then an operator's file whose entries override the built-in ones field by field (by
 * canonical id) or add new ones. Any malformed entry fails the whole load with a message naming the
 * file, the entry and the field.
 */
final class ModelCatalogLoader {
    // Floats become BigDecimal in the tree, so a price such as 0.075 is never rounded through a double.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final ProviderCatalog providers;

    ModelCatalogLoader(ProviderCatalog providers) {
        this.providers = Objects.requireNonNull(providers, "providers");
    }

    /** One file's entries as written, in file order, each remembering where it came from. */
    List<Draft> read(InputStream yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml.readAllBytes());
        } catch (JacksonException e) {
            throw new InvalidCatalogException(
                    "model catalog " + source + " is not valid YAML: " + oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new InvalidCatalogException("model catalog " + source + " cannot be read: " + e, e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidCatalogException("model catalog " + source + " is empty: it needs a 'models:' list");
        }
        // An operator's file may also hold providers: rows (their donation terms, read by DonationTerms), and then no models.
        boolean providersOnly = root.isObject() && !root.has("models") && root.path("providers").isArray();
        if (providersOnly) return List.of();
        if (!root.isObject() || !root.path("models").isArray()) {
            throw new InvalidCatalogException("model catalog " + source + " is invalid: the top level must be 'models:' and a list");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("models") && !name.equals("providers")) {
                throw new InvalidCatalogException("model catalog " + source + " is invalid: unknown top-level field '" + name + "'");
            }
        }
        List<Draft> drafts = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        JsonNode models = root.get("models");
        for (int i = 0; i < models.size(); i++) {
            Where where = new Where(source, i, models.get(i).path("id").asText(""));
            Draft draft = toDraft(models.get(i), where);
            Integer earlier = seen.putIfAbsent(draft.fields().id(), i);
            if (earlier != null) {
                throw where.invalid("id", "'" + draft.fields().id() + "' is already used by models[" + earlier + "]");
            }
            drafts.add(draft);
        }
        return drafts;
    }

    /**
     * The built-in entries with the operator's applied on top, validated and checked against each
     * other: every provider exists, and no provider claims one alias twice.
     */
    List<ModelEntry> merge(List<Draft> base, List<Draft> overrides) {
        Map<String, Draft> byId = new LinkedHashMap<>();
        for (Draft draft : base) {
            byId.put(draft.fields().id(), draft);
        }
        for (Draft override : overrides) {
            Draft existing = byId.get(override.fields().id());
            byId.put(override.fields().id(), existing == null ? override : existing.overriddenBy(override));
        }
        List<ModelEntry> entries = new ArrayList<>();
        Map<String, String> aliasOwners = new HashMap<>();
        for (Draft draft : byId.values()) {
            ModelEntry entry = toEntry(draft);
            for (String alias : entry.aliases()) {
                String key = entry.provider() + "\u0000" + alias.toLowerCase(Locale.ROOT);
                String owner = aliasOwners.putIfAbsent(key, entry.id());
                if (owner != null && !owner.equals(entry.id())) {
                    throw draft.where().invalid("aliases", "'" + alias + "' is already an alias of " + owner);
                }
            }
            entries.add(entry);
        }
        return entries;
    }

    private static Draft toDraft(JsonNode node, Where where) {
        if (node == null || !node.isObject()) {
            throw where.invalid(null, "an entry must be a mapping of fields");
        }
        Fields fields;
        try {
            fields = YAML.treeToValue(node, Fields.class);
        } catch (UnrecognizedPropertyException e) {
            throw where.invalid(path(e), "unknown field '" + e.getPropertyName() + "'");
        } catch (JsonMappingException e) {
            throw where.invalid(path(e), oneLine(e.getOriginalMessage()));
        } catch (JacksonException e) {
            throw where.invalid(null, oneLine(e.getOriginalMessage()));
        }
        if (fields.id() == null || fields.id().isBlank()) {
            throw where.invalid("id", "is missing");
        }
        return new Draft(fields, where);
    }

    private ModelEntry toEntry(Draft draft) {
        Fields f = draft.fields();
        Where where = draft.where();
        int slash = f.id().indexOf('/');
        if (slash <= 0 || slash == f.id().length() - 1) {
            throw where.invalid("id", "must read '<provider>/<model>', got '" + f.id() + "'");
        }
        String provider = f.id().substring(0, slash);
        if (providers.find(provider).isEmpty()) {
            throw where.invalid("id", "provider '" + provider + "' is not in the provider catalog");
        }
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        try {
            for (String name : required(f.capabilities(), "capabilities")) {
                capabilities.add(Capability.fromYaml(name));
            }
            return new ModelEntry(
                    f.id(),
                    provider,
                    required(f.model(), "model"),
                    f.aliases() == null ? List.of() : f.aliases(),
                    required(f.context(), "context"),
                    f.maxOutput() == null ? OptionalInt.empty() : OptionalInt.of(f.maxOutput()),
                    Optional.ofNullable(f.price()).map(ModelCatalogLoader::toPrice),
                    capabilities,
                    required(f.rank(), "rank"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw where.invalid(null, e.getMessage());
        }
    }

    private static ModelEntry.Price toPrice(PriceFields p) {
        BigDecimal input = required(p.input(), "price.input");
        BigDecimal output = required(p.output(), "price.output");
        // No cached rate published means no cache discount: cached tokens cost what input does.
        return new ModelEntry.Price(input, output, p.cached() == null ? input : p.cached());
    }

    private static <T> T required(T value, String field) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String oneLine(String message) {
        String text = Objects.requireNonNullElse(message, "unreadable").strip().replaceAll("\\s*\\R\\s*", " ");
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /** Where an entry was written: file, position and (if it has one) id. */
    record Where(String source, int index, String id) {
        InvalidCatalogException invalid(String field, String reason) {
            String entry = "models[" + index + "]" + (id == null || id.isBlank() ? "" : " (" + id + ")");
            String what = field == null ? reason : field + ": " + reason;
            return new InvalidCatalogException("model catalog " + source + " is invalid: " + entry + ": " + what);
        }
    }

    /** An entry as written, not yet validated; later files override it field by field. */
    record Draft(Fields fields, Where where) {
        Draft overriddenBy(Draft override) {
            Fields o = override.fields();
            Fields f = fields;
            return new Draft(new Fields(
                    f.id(),
                    o.model() != null ? o.model() : f.model(),
                    o.aliases() != null ? o.aliases() : f.aliases(),
                    o.context() != null ? o.context() : f.context(),
                    o.maxOutput() != null ? o.maxOutput() : f.maxOutput(),
                    o.price() != null ? o.price() : f.price(),
                    o.capabilities() != null ? o.capabilities() : f.capabilities(),
                    o.rank() != null ? o.rank() : f.rank()), override.where());
        }
    }

    /** One entry exactly as written in YAML. */
    record Fields(
            @JsonProperty("id") String id,
            @JsonProperty("model") String model,
            @JsonProperty("aliases") List<String> aliases,
            @JsonProperty("context") Integer context,
            @JsonProperty("max_output") Integer maxOutput,
            @JsonProperty("price") PriceFields price,
            @JsonProperty("capabilities") List<String> capabilities,
            @JsonProperty("rank") Integer rank) {}

    /** A {@code price:} mapping as written: US dollars per million tokens. */
    record PriceFields(
            @JsonProperty("input") BigDecimal input,
            @JsonProperty("output") BigDecimal output,
            @JsonProperty("cached") BigDecimal cached) {}
}
