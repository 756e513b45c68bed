package dev.anyrouter.providers;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The providers AnyRouter knows, read from {@code catalog/providers.yaml}. Immutable; a malformed
 * file fails the load with a message that names the entry and the field.
 */
public final class ProviderCatalog {

    /** Classpath location of the built-in catalog. */
    public static final String DEFAULT_RESOURCE = "/catalog/providers.yaml";

    /** The catalog file cannot be read or breaks a rule; the message says where and why. */
    public static final class InvalidCatalogException extends RuntimeException {
        InvalidCatalogException(String message) {
            super(message);
        }

        InvalidCatalogException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // A field written twice in one entry is a mistake (the second would silently win).
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final List<Provider> providers;
    private final Map<String, Provider> byId;
    /**
     * The providers that own bare model ids (those with model prefixes), in catalog order: most of
     * the catalog owns none, and placing a bare id runs on every request.
     */
    private final List<Provider> prefixOwners;

    private ProviderCatalog(List<Provider> providers) {
        this.providers = List.copyOf(providers);
        this.prefixOwners = this.providers.stream().filter(p -> !p.modelPrefixes().isEmpty()).toList();
        Map<String, Provider> index = new LinkedHashMap<>();
        for (Provider provider : providers) {
            index.put(provider.id(), provider);
        }
        this.byId = Map.copyOf(index);
    }

    /** The built-in catalog from the classpath. */
    public static ProviderCatalog loadDefault() {
        try (InputStream in = ProviderCatalog.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new InvalidCatalogException("provider catalog " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return load(in);
        } catch (IOException e) {
            throw new InvalidCatalogException("provider catalog " + DEFAULT_RESOURCE + " cannot be read: " + e, e);
        }
    }

    /** A catalog from YAML in the {@code providers.yaml} format. */
    public static ProviderCatalog load(InputStream yaml) {
        Objects.requireNonNull(yaml, "yaml");
        CatalogFile file;
        try {
            byte[] bytes = yaml.readAllBytes();
            JsonNode tree = YAML.readTree(bytes);
            // An empty or comment-only file has no document at all: say so rather than "end-of-input".
            file = tree == null || tree.isMissingNode() || tree.isNull() ? null : YAML.readValue(bytes, CatalogFile.class);
        } catch (JacksonException e) {
            throw new InvalidCatalogException("provider catalog is malformed" + where(e) + ": " + problem(e), e);
        } catch (IOException e) {
            throw new InvalidCatalogException("provider catalog cannot be read: " + e, e);
        }
        if (file == null || file.providers() == null || file.providers().isEmpty()) {
            throw new InvalidCatalogException("provider catalog is malformed: it lists no providers");
        }
        List<Provider> providers = new ArrayList<>();
        Map<String, String> prefixOwners = new HashMap<>();
        for (int i = 0; i < file.providers().size(); i++) {
            Provider provider = toProvider(i, file.providers().get(i));
            if (providers.stream().anyMatch(p -> p.id().equals(provider.id()))) {
                throw invalid(i, provider.id(), "id '" + provider.id() + "' appears twice");
            }
            for (String prefix : provider.modelPrefixes()) {
                String owner = prefixOwners.putIfAbsent(prefix, provider.id());
                if (owner != null) {
                    throw invalid(i, provider.id(), "model prefix '" + prefix + "' is already owned by " + owner);
                }
            }
            providers.add(provider);
        }
        return new ProviderCatalog(providers);
    }

    /** The provider with this id. */
    public Optional<Provider> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** Every provider, in file order. */
    public List<Provider> all() {
        return providers;
    }

    /**
     * The one provider whose {@code model_prefixes} match a bare model id ({@code gpt-4.1} → openai).
     * Empty when none or more than one match, and for ids that already name a provider ({@code a/b}).
     */
    public Optional<Provider> placeBareModel(String modelId) {
        if (modelId == null || modelId.isBlank() || modelId.indexOf('/') >= 0) {
            return Optional.empty();
        }
        String lower = modelId.toLowerCase(Locale.ROOT);
        Provider found = null;
        for (Provider provider : prefixOwners) {
            if (provider.ownsLowerCaseBareModel(lower)) {
                if (found != null) {
                    return Optional.empty();
                }
                found = provider;
            }
        }
        return Optional.ofNullable(found);
    }

    private static Provider toProvider(int index, Entry entry) {
        if (entry == null) {
            throw invalid(index, null, "the entry is empty");
        }
        String id = entry.id();
        try {
            String[] validation = required(entry.validation(), "validation").strip().split("\\s+");
            if (validation.length != 2) {
                throw new IllegalArgumentException(
                        "validation must read '<METHOD> <path>', e.g. 'GET /models', got '" + entry.validation() + "'");
            }
            CredentialTemplate credential = new CredentialTemplate(required(entry.baseUrl(), "base_url"),
                    orEmpty(entry.credential()).stream().map(ProviderCatalog::field).toList());
            return new Provider(
                    required(id, "id"),
                    required(entry.name(), "name"),
                    Wire.fromYaml(required(entry.wire(), "wire")),
                    uri(credential.defaultText(), "base_url"),
                    hosts(entry.hosts()),
                    required(entry.keyHint(), "key_hint"),
                    Provider.Auth.fromYaml(required(entry.auth(), "auth")),
                    validation[0],
                    validation[1],
                    entry.validationProvesKey() == null || entry.validationProvesKey(),
                    uri(required(entry.docs(), "docs"), "docs"),
                    orEmpty(entry.invalidKey()).stream()
                            .map(signal -> new Provider.InvalidKeySignal(
                                    signal.status() == null ? 0 : signal.status(), signal.bodyContains()))
                            .toList(),
                    required(entry.modelPrefixes(), "model_prefixes"),
                    orEmpty(entry.headersAllowed()),
                    entry.defaultHeaders() == null ? Map.of() : entry.defaultHeaders(),
                    entry.responses() != null && entry.responses(),
                    ProviderGroup.fromYaml(required(entry.group(), "group")),
                    entry.selfHosted() != null && entry.selfHosted(),
                    entry.keyOptional() != null && entry.keyOptional(),
                    quirks(entry.quirks()),
                    credential,
                    RateLimitHeaders.fromYaml(entry.rateLimitHeaders()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(index, id, e.getMessage());
        }
    }

    private static Quirks quirks(QuirksEntry entry) {
        if (entry == null) return Quirks.NONE;
        if (entry.toolCallIdLength() != null && entry.toolCallIdLength() < 1) {
            throw new IllegalArgumentException("quirks.tool_call_id_length must be 1..32, got " + entry.toolCallIdLength());
        }
        return new Quirks(entry.maxTokens(), entry.streamUsage() == null || entry.streamUsage(), orEmpty(entry.drops()),
                entry.toolCallIdLength() == null ? 0 : entry.toolCallIdLength());
    }

    private static CredentialField field(FieldEntry entry) {
        if (entry == null) throw new IllegalArgumentException("a credential field is empty");
        java.util.regex.Pattern pattern;
        try {
            pattern = entry.pattern() == null ? null : java.util.regex.Pattern.compile(entry.pattern());
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("credential field '" + entry.field() + "' pattern is not a regular expression");
        }
        return new CredentialField(required(entry.field(), "credential field"), required(entry.label(), "credential label"),
                entry.help() == null ? "" : entry.help(), pattern, entry.choices(), entry.defaultValue(),
                entry.secret() != null && entry.secret());
    }

    private static List<HostPattern> hosts(List<String> hosts) {
        List<HostPattern> parsed = new ArrayList<>();
        for (String host : orEmpty(hosts)) {
            try {
                parsed.add(HostPattern.parse(host));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hosts: " + e.getMessage());
            }
        }
        return parsed;
    }

    private static <T> T required(T value, String field) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    private static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : values;
    }

    private static URI uri(String value, String field) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " is not a URL: '" + value + "'");
        }
    }

    private static InvalidCatalogException invalid(int index, String id, String reason) {
        String entry = "providers[" + index + "]" + (id == null || id.isBlank() ? "" : " (" + id + ")");
        return new InvalidCatalogException("provider catalog is invalid: " + entry + ": " + reason);
    }

    private static String where(JacksonException e) {
        StringBuilder where = new StringBuilder();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                if (reference.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
                } else if (reference.getIndex() >= 0) {
                    path.append('[').append(reference.getIndex()).append(']');
                }
            }
            where.append(" at ").append(path);
        }
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            where.append(" (line ").append(location.getLineNr())
                    .append(", column ").append(location.getColumnNr()).append(')');
        }
        return where.toString();
    }

    private static String problem(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        String message = Objects.requireNonNullElse(e.getOriginalMessage(), e.getClass().getSimpleName());
        // SnakeYAML spreads its explanation over several lines; keep it whole but on one line.
        String oneLine = message.strip().replaceAll("\\s*\\R\\s*", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }

    /** The file's shape: {@code providers:} then a list of entries. */
    record CatalogFile(@JsonProperty("providers") List<Entry> providers) {}

    /** One entry exactly as written in YAML; turned into a validated {@link Provider}. */
    record Entry(
            @JsonProperty("id") String id,
            @JsonProperty("name") String name,
            @JsonProperty("wire") String wire,
            @JsonProperty("base_url") String baseUrl,
            @JsonProperty("hosts") List<String> hosts,
            @JsonProperty("key_hint") String keyHint,
            @JsonProperty("auth") String auth,
            @JsonProperty("validation") String validation,
            @JsonProperty("validation_proves_key") Boolean validationProvesKey,
            @JsonProperty("docs") String docs,
            @JsonProperty("invalid_key") List<InvalidKeyEntry> invalidKey,
            @JsonProperty("model_prefixes") List<String> modelPrefixes,
            @JsonProperty("headers_allowed") List<String> headersAllowed,
            @JsonProperty("default_headers") Map<String, String> defaultHeaders,
            @JsonProperty("responses") Boolean responses,
            @JsonProperty("group") String group,
            @JsonProperty("self_hosted") Boolean selfHosted,
            @JsonProperty("key_optional") Boolean keyOptional,
            @JsonProperty("quirks") QuirksEntry quirks,
            @JsonProperty("credential") List<FieldEntry> credential,
            @JsonProperty("rate_limit_headers") String rateLimitHeaders) {}

    /** The {@code quirks} block as written in YAML. */
    record QuirksEntry(
            @JsonProperty("max_tokens") String maxTokens,
            @JsonProperty("stream_usage") Boolean streamUsage,
            @JsonProperty("drops") List<String> drops,
            @JsonProperty("tool_call_id_length") Integer toolCallIdLength) {}

    /** One {@code credential} field as written in YAML. */
    record FieldEntry(
            @JsonProperty("field") String field,
            @JsonProperty("label") String label,
            @JsonProperty("help") String help,
            @JsonProperty("pattern") String pattern,
            @JsonProperty("choices") LinkedHashMap<String, String> choices,
            @JsonProperty("default") String defaultValue,
            @JsonProperty("secret") Boolean secret) {}

    /** One {@code invalid_key} item as written in YAML. */
    record InvalidKeyEntry(
            @JsonProperty("status") Integer status, @JsonProperty("body_contains") String bodyContains) {}
}
