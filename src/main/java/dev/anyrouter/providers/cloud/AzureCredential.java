package dev.anyrouter.providers.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.vault.KeyMask;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Azure OpenAI / Azure AI Foundry credential: one or more resources, each with its key (or
 * Entra ID client credentials) and the deployments it serves. Accepted as
 * <ul>
 *   <li>{@code {"api_key", "resource_name" | "endpoint", "resource_type"?: "openai" | "ai_foundry",
 *       "api_version"?, "deployments"?: {"<model id>": "<deployment name>"}}};</li>
 *   <li>the same with {@code "tenant_id", "client_id", "client_secret"} in place of {@code api_key}
 *       (a bearer token from Entra ID);</li>
 *   <li>a list of either ({@code [{api_key, resource_name, resource_type}, …]});</li>
 *   <li>the legacy {@code {model_slug, endpoint_url, api_key, model_id}} another router documents,
 *       alone or in a list, {@code endpoint_url} being a deployment's full chat completions URL.</li>
 * </ul>
 * Without {@code api_version} (or with {@code "v1"}) calls go to the v1 API ({@code /openai/v1/…},
 * the deployment as the model); with a dated version, to the deployments path with {@code api-version}.
 */
public record AzureCredential(List<Resource> resources) implements CloudCredential {
    static final String EXAMPLE = "{\"api_key\": \"…\", \"resource_name\": \"my-resource\", \"resource_type\": \"openai\","
            + " \"api_version\": \"2024-10-21\", \"deployments\": {\"gpt-4.1\": \"my-gpt41\"}}";
    private static final Pattern RESOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");
    private static final Pattern VERSION = Pattern.compile("v1|[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?");
    private static final Pattern GUID = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.-]{0,127}");
    private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final List<String> FIELDS = List.of("api_key", "tenant_id", "client_id", "client_secret", "authority",
            "resource_name", "endpoint", "resource_type", "api_version", "deployments");
    private static final List<String> LEGACY_FIELDS = List.of("model_slug", "endpoint_url", "api_key", "model_id");
    private static final Pattern DEPLOYMENT_PATH = Pattern.compile("(/openai)?/deployments/([^/?]+)/chat/completions/?");
    private static final Pattern V1_PATH = Pattern.compile("/openai/v1/chat/completions/?");

    public AzureCredential {
        resources = List.copyOf(resources);
        if (resources.isEmpty()) throw new CredentialException("key", "lists no resource: " + EXAMPLE);
    }

    /** How calls to a resource are authenticated. */
    public sealed interface Auth {}

    /** A resource key, sent in {@code api-key}. */
    public record ApiKey(String key) implements Auth {
        @Override
        public String toString() {
            return "ApiKey[redacted]";
        }
    }

    /** Entra ID client credentials: a bearer token for {@code https://cognitiveservices.azure.com/.default}. */
    public record Entra(String tenantId, String clientId, String clientSecret, URI authority) implements Auth {
        /** Entra ID's public cloud sign-in host. */
        public static final URI PUBLIC_CLOUD = URI.create("https://login.microsoftonline.com");

        /** Where tokens are minted: {@code <authority>/<tenant>/oauth2/v2.0/token}. */
        public URI tokenUri() {
            return URI.create(authority.toString().replaceAll("/+$", "") + "/" + tenantId + "/oauth2/v2.0/token");
        }

        @Override
        public String toString() {
            return "Entra[" + tenantId + ", " + clientId + ", redacted]";
        }
    }

    /**
     * One Azure resource.
     *
     * @param origin {@code https://<name>.openai.azure.com} (or the endpoint given), no path
     * @param resourceName the name given, or null when an endpoint was given
     * @param resourceType {@code openai} or {@code ai_foundry}
     * @param apiVersion a dated {@code api-version} for the deployments path, or null for the v1 API
     * @param deployments model id to deployment name; a model not listed is called by its own id
     */
    public record Resource(Auth auth, URI origin, String resourceName, String resourceType, String apiVersion,
                           Map<String, String> deployments) {
        public Resource {
            deployments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(deployments));
        }

        /** Whether calls go to the v1 API rather than the deployments path. */
        public boolean v1() {
            return apiVersion == null;
        }
    }

    /** Where a call for one model goes: the resource and the deployment to name. */
    public record Route(Resource resource, String deployment) {}

    /**
     * The resource serving {@code model}: the first that lists it among its deployments, else the
     * first that lists none (any model is a deployment of its own name there), else the first.
     */
    public Route route(String model) {
        for (Resource r : resources) {
            String deployment = r.deployments().get(model);
            if (deployment != null) return new Route(r, deployment);
        }
        for (Resource r : resources) {
            if (r.deployments().isEmpty()) return new Route(r, model);
        }
        return new Route(resources.getFirst(), model);
    }

    static AzureCredential parse(JsonNode node) {
        List<Resource> out = new ArrayList<>();
        if (node.isObject() && node.size() == 1 && node.has("resources")) node = node.get("resources"); // the stored form
        if (node.isArray()) {
            if (node.isEmpty()) throw new CredentialException("key", "is an empty list: " + EXAMPLE);
            for (int i = 0; i < node.size(); i++) add(out, node.get(i), "key[" + i + "]");
        } else {
            add(out, node, "key");
        }
        return new AzureCredential(out);
    }

    private static void add(List<Resource> out, JsonNode node, String where) {
        Fields f = Fields.of(node, where);
        Resource parsed = f.has("endpoint_url") || f.has("model_slug") ? legacy(f) : resource(f);
        // Legacy entries of one resource (one per model) become one resource with several deployments.
        for (int i = 0; i < out.size(); i++) {
            Resource r = out.get(i);
            if (r.origin().equals(parsed.origin()) && r.auth().equals(parsed.auth()) && java.util.Objects.equals(r.apiVersion(), parsed.apiVersion())
                    && !r.deployments().isEmpty() && !parsed.deployments().isEmpty()) {
                Map<String, String> merged = new LinkedHashMap<>(r.deployments());
                merged.putAll(parsed.deployments());
                out.set(i, new Resource(r.auth(), r.origin(), r.resourceName(), r.resourceType(), r.apiVersion(), merged));
                return;
            }
        }
        out.add(parsed);
    }

    private static Resource resource(Fields f) {
        f.only(FIELDS);
        Auth auth = auth(f);
        String type = f.choice("resource_type", List.of("openai", "ai_foundry"));
        if (type == null) type = "openai";
        String name = f.optional("resource_name", RESOURCE, "my-resource");
        URI endpoint = f.url("endpoint", "https://my-resource.openai.azure.com");
        if (name == null && endpoint == null) {
            throw new CredentialException(f.name("resource_name"), "or 'endpoint' is required, such as my-resource");
        }
        if (name != null && endpoint != null) {
            throw new CredentialException(f.name("endpoint"), "and 'resource_name' say the same thing: give one of them");
        }
        URI origin = endpoint != null ? origin(endpoint)
                : URI.create("https://" + name.toLowerCase(Locale.ROOT) + (type.equals("openai") ? ".openai.azure.com" : ".services.ai.azure.com"));
        String version = f.optional("api_version", VERSION, "2024-10-21 (or v1)");
        if ("v1".equals(version)) version = null;
        Map<String, String> deployments = new LinkedHashMap<>();
        ObjectNode given = f.object("deployments", "{\"gpt-4.1\": \"my-gpt41\"}");
        if (given != null) {
            given.fields().forEachRemaining(e -> {
                String field = f.name("deployments." + e.getKey());
                if (!e.getValue().isTextual() || !DEPLOYMENT.matcher(e.getValue().asText()).matches()) {
                    throw new CredentialException(field, "must be a deployment name such as my-gpt41");
                }
                if (e.getKey().isBlank() || e.getKey().length() > 128) throw new CredentialException(field, "must name a model id");
                deployments.put(e.getKey(), e.getValue().asText());
            });
        }
        return new Resource(auth, origin, name, type, version, deployments);
    }

    private static Auth auth(Fields f) {
        boolean entra = f.has("tenant_id") || f.has("client_id") || f.has("client_secret");
        if (f.has("api_key") && entra) {
            throw new CredentialException(f.name("api_key"), "and Entra ID client credentials (tenant_id, client_id, client_secret)"
                    + " are two ways in: give one of them");
        }
        if (entra) {
            URI authority = f.url("authority", Entra.PUBLIC_CLOUD.toString());
            return new Entra(f.required("tenant_id", GUID, "72f988bf-86f1-41af-91ab-2d7cd011db47"),
                    f.required("client_id", GUID, "a1b2c3d4-…"), f.secret("client_secret", "the app registration's client secret"),
                    authority == null ? Entra.PUBLIC_CLOUD : origin(authority));
        }
        return new ApiKey(f.secret("api_key", "the resource's key from Keys and Endpoint"));
    }

    /** {@code {model_slug, endpoint_url, api_key, model_id}}: one deployment, named by its whole chat completions URL. */
    private static Resource legacy(Fields f) {
        f.only(LEGACY_FIELDS);
        String example = "https://my-resource.openai.azure.com/openai/deployments/my-gpt41/chat/completions?api-version=2024-10-21";
        URI url = f.url("endpoint_url", example);
        if (url == null) throw new CredentialException(f.name("endpoint_url"), "is required, such as " + example);
        String slug = f.optional("model_slug", "openai/gpt-4.1");
        if (slug == null) throw new CredentialException(f.name("model_slug"), "is required, such as openai/gpt-4.1");
        String model = slug.substring(slug.indexOf('/') + 1);
        String modelId = f.optional("model_id", DEPLOYMENT, "my-gpt41");
        Auth auth = new ApiKey(f.secret("api_key", "the resource's key from Keys and Endpoint"));
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        Matcher deployment = DEPLOYMENT_PATH.matcher(path);
        if (deployment.matches()) {
            String version = query(url, "api-version");
            if (version == null || !VERSION.matcher(version).matches()) {
                throw new CredentialException(f.name("endpoint_url"), "must end in ?api-version=<version>, such as " + example);
            }
            String name = URLDecoder.decode(deployment.group(2), StandardCharsets.UTF_8);
            return new Resource(auth, origin(url), null, "openai", version.equals("v1") ? null : version,
                    Map.of(model, modelId != null ? modelId : name));
        }
        if (V1_PATH.matcher(path).matches()) {
            if (modelId == null) throw new CredentialException(f.name("model_id"), "is required with a v1 endpoint_url: the deployment name");
            return new Resource(auth, origin(url), null, "openai", null, Map.of(model, modelId));
        }
        throw new CredentialException(f.name("endpoint_url"), "must be a deployment's chat completions URL, such as " + example);
    }

    private static URI origin(URI url) {
        return URI.create(url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority());
    }

    private static String query(URI url, String name) {
        String query = url.getRawQuery();
        if (query == null) return null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
        return null;
    }

    @Override
    public Form form() {
        return Form.AZURE;
    }

    /** The list form, one object per resource, each with its endpoint spelt out. */
    @Override
    public ObjectNode stored() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Resource r : resources) {
            ObjectNode o = list.addObject();
            switch (r.auth()) {
                case ApiKey key -> o.put("api_key", key.key());
                case Entra e -> o.put("tenant_id", e.tenantId()).put("client_id", e.clientId()).put("client_secret", e.clientSecret())
                        .put("authority", e.authority().toString());
            }
            describe(r, o);
        }
        return Json.object().set("resources", list);
    }

    @Override
    public ObjectNode shown() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Resource r : resources) {
            ObjectNode o = list.addObject();
            if (r.auth() instanceof Entra e) {
                o.put("tenant_id", e.tenantId()).put("client_id", e.clientId()).put("authority", e.authority().toString());
            }
            describe(r, o);
        }
        return Json.object().set("resources", list);
    }

    private static void describe(Resource r, ObjectNode o) {
        if (r.resourceName() != null) o.put("resource_name", r.resourceName());
        else o.put("endpoint", r.origin().toString());
        o.put("resource_type", r.resourceType());
        o.put("api_version", r.apiVersion() == null ? "v1" : r.apiVersion());
        if (!r.deployments().isEmpty()) {
            ObjectNode d = o.putObject("deployments");
            r.deployments().forEach(d::put);
        }
    }

    @Override
    public List<String> secrets() {
        List<String> out = new ArrayList<>();
        for (Resource r : resources) {
            switch (r.auth()) {
                case ApiKey key -> out.add(key.key());
                case Entra e -> out.add(e.clientSecret());
            }
        }
        return out;
    }

    @Override
    public String masked() {
        Resource first = resources.getFirst();
        String who = switch (first.auth()) {
            case ApiKey key -> KeyMask.mask(key.key());
            case Entra e -> "entra " + e.clientId();
        };
        return first.origin().getHost() + " " + who + (resources.size() > 1 ? " (+" + (resources.size() - 1) + ")" : "");
    }
}
