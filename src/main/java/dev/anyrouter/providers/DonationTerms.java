package dev.anyrouter.providers;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.anyrouter.providers.ProviderCatalog.InvalidCatalogException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether each provider's terms let a third party use a customer's key, so that a key of it may
 * serve the pool: catalog data ({@code catalog/donation.yaml}), each decision with its source, and
 * the operator's override (the {@code providers:} list of the {@code --catalog-file}). Only
 * {@link Permission#PERMITTED} is eligible; a provider named nowhere is {@link Permission#UNKNOWN}.
 * A row marked permitted without a source and a date stops the load, wherever it was written.
 */
public final class DonationTerms {
    /** Classpath location of the built-in decisions. */
    public static final String DEFAULT_RESOURCE = "/catalog/donation.yaml";

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Set<String> ROW_FIELDS = Set.of("id", "donation");
    private static final Set<String> DONATION_FIELDS = Set.of("permitted", "source", "checked", "note");

    /** What a provider's terms say of a third party using a customer's key. */
    public enum Permission {
        PERMITTED("true"), PROHIBITED("false"), UNKNOWN("unknown");

        private final String wireName;

        Permission(String wireName) {
            this.wireName = wireName;
        }

        /** As the catalog and the API spell it: {@code true}, {@code false}, {@code unknown}. */
        public String wireName() {
            return wireName;
        }
    }

    /**
     * One provider's decision.
     *
     * @param source where it was read, or null (never null when permitted)
     * @param checked when it was read, or null (never null when permitted)
     * @param note what the source says, or null
     * @param decidedBy {@code catalog}, {@code operator}, or {@code none} for a provider named nowhere
     */
    public record Terms(String provider, Permission permitted, URI source, LocalDate checked, String note, String decidedBy) {
        public Terms {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(permitted, "permitted");
            Objects.requireNonNull(decidedBy, "decidedBy");
            if (permitted == Permission.PERMITTED && (source == null || checked == null)) {
                throw new IllegalArgumentException("an eligible provider needs its source and checked date");
            }
        }

        /** Whether keys of this provider may serve other users. */
        public boolean eligible() {
            return permitted == Permission.PERMITTED;
        }
    }

    private final ProviderCatalog catalog;
    private final Map<String, Terms> byProvider;

    private DonationTerms(ProviderCatalog catalog, Map<String, Terms> byProvider) {
        this.catalog = catalog;
        this.byProvider = Map.copyOf(byProvider);
    }

    /** The built-in decisions alone. */
    public static DonationTerms loadDefault(ProviderCatalog catalog) {
        return load(catalog, null);
    }

    /** The built-in decisions, with the operator's {@code providers:} rows from {@code operatorFile} (nullable) over them. */
    public static DonationTerms load(ProviderCatalog catalog, Path operatorFile) {
        Map<String, Terms> terms = new LinkedHashMap<>();
        try (InputStream in = DonationTerms.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) throw new InvalidCatalogException("donation terms " + DEFAULT_RESOURCE + " are missing from the classpath");
            read(catalog, YAML.readTree(in), DEFAULT_RESOURCE, "catalog", terms, true);
        } catch (JacksonException e) {
            throw new InvalidCatalogException("donation terms " + DEFAULT_RESOURCE + " are not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidCatalogException("donation terms " + DEFAULT_RESOURCE + " cannot be read: " + e, e);
        }
        if (operatorFile != null) {
            JsonNode root;
            try {
                root = YAML.readTree(Files.readAllBytes(operatorFile));
            } catch (JacksonException e) {
                throw new InvalidCatalogException("model catalog " + operatorFile + " is not valid YAML: " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new InvalidCatalogException("model catalog " + operatorFile + " cannot be read: " + e, e);
            }
            // The rest of the file is the model catalog's; only its providers: rows are read here.
            if (root != null && root.isObject() && root.has("providers")) {
                read(catalog, root, operatorFile.toString(), "operator", terms, false);
            }
        }
        return new DonationTerms(catalog, terms);
    }

    /** The provider's decision ({@link Permission#UNKNOWN} for a provider named nowhere). */
    public Terms terms(String provider) {
        Terms found = byProvider.get(provider);
        return found != null ? found : new Terms(provider, Permission.UNKNOWN, null, null, null, "none");
    }

    /** Whether keys of the provider may serve other users. */
    public boolean eligible(String provider) {
        Terms found = byProvider.get(provider);
        return found != null && found.eligible();
    }

    /** Every catalog provider's decision, in catalog order. */
    public List<Terms> all() {
        return catalog.all().stream().map(p -> terms(p.id())).toList();
    }

    private static void read(ProviderCatalog catalog, JsonNode root, String source, String decidedBy, Map<String, Terms> into,
                             boolean wholeFile) {
        if (root == null || !root.isObject() || !root.path("providers").isArray()) {
            throw new InvalidCatalogException("donation terms in " + source + " are invalid: 'providers:' must be a list");
        }
        if (wholeFile) {
            for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("providers")) throw new InvalidCatalogException(
                        "donation terms in " + source + " are invalid: unknown top-level field '" + name + "'");
            }
        }
        JsonNode rows = root.get("providers");
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            String id = row.path("id").asText("");
            String where = "providers[" + i + "]" + (id.isBlank() ? "" : " (" + id + ")");
            try {
                Terms terms = terms(catalog, row, decidedBy);
                if (into.containsKey(terms.provider()) && into.get(terms.provider()).decidedBy().equals(decidedBy)) {
                    throw new IllegalArgumentException("'" + id + "' is listed twice");
                }
                into.put(terms.provider(), terms);
            } catch (IllegalArgumentException e) {
                throw new InvalidCatalogException("donation terms in " + source + " are invalid: " + where + ": " + e.getMessage());
            }
        }
    }

    private static Terms terms(ProviderCatalog catalog, JsonNode row, String decidedBy) {
        if (!row.isObject()) throw new IllegalArgumentException("an entry must be a mapping of fields");
        only(row, ROW_FIELDS, "");
        String id = row.path("id").asText("");
        if (id.isBlank()) throw new IllegalArgumentException("id is missing");
        if (catalog.find(id).isEmpty()) throw new IllegalArgumentException("provider '" + id + "' is not in the provider catalog");
        JsonNode donation = row.get("donation");
        if (donation == null || !donation.isObject()) throw new IllegalArgumentException("donation: is missing: give {permitted, source, checked}");
        only(donation, DONATION_FIELDS, "donation.");
        Permission permitted = permission(donation.get("permitted"));
        URI source = source(donation.get("source"));
        LocalDate checked = checked(donation.get("checked"));
        if (permitted == Permission.PERMITTED && source == null) {
            throw new IllegalArgumentException("donation.permitted is true without a source: name the terms or agreement"
                    + " that permit a third party to use a customer's key (donation.source, an https URL)");
        }
        if (permitted == Permission.PERMITTED && checked == null) {
            throw new IllegalArgumentException("donation.permitted is true without donation.checked, the date the source was read");
        }
        String note = donation.hasNonNull("note") ? donation.get("note").asText() : null;
        return new Terms(id, permitted, source, checked, note, decidedBy);
    }

    private static void only(JsonNode node, Set<String> allowed, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) throw new IllegalArgumentException("unknown field '" + prefix + name + "'");
        }
    }

    private static Permission permission(JsonNode value) {
        if (value == null || value.isNull()) throw new IllegalArgumentException("donation.permitted is missing: true, false or unknown");
        if (value.isBoolean()) return value.asBoolean() ? Permission.PERMITTED : Permission.PROHIBITED;
        if (value.isTextual() && value.asText().equals("unknown")) return Permission.UNKNOWN;
        throw new IllegalArgumentException("donation.permitted must be true, false or unknown, got '" + value.asText() + "'");
    }

    private static URI source(JsonNode value) {
        if (value == null || value.isNull() || value.asText().isBlank()) return null;
        try {
            URI uri = new URI(value.asText().strip());
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) throw new IllegalArgumentException(
                    "donation.source must be an https URL, got '" + value.asText() + "'");
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("donation.source is not a URL: '" + value.asText() + "'");
        }
    }

    private static LocalDate checked(JsonNode value) {
        if (value == null || value.isNull() || value.asText().isBlank()) return null;
        try {
            return LocalDate.parse(value.asText().strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("donation.checked must be a date such as 2026-12-08, got '" + value.asText() + "'");
        }
    }
}
