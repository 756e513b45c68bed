package dev.anyrouter.providers;

import io.vertx.core.http.HttpHeaders;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One upstream provider as described in {@code catalog/providers.yaml}: where it lives, how a key is
 * presented and proved, and which bare model ids it owns. OpenAI-compatible providers differ only in
 * this data, so one adapter serves them all.
 *
 * @param id stable lower-case id used in model ids ({@code groq/llama-3.3-70b}) and in stored rows
 * @param name display name
 * @param wire the protocol it speaks
 * @param baseUrl the official SDK's default base URL: OpenAI wire up to and including the version
 *     segment, Anthropic and Gemini the bare host (the adapter appends {@code /v1}, {@code /v1beta})
 * @param hosts the hosts this provider's keys may be sent to ({@code base_url}'s among them); a key's
 *     own {@code base_url} must name one of them, or a host the operator allowed
 * @param keyHint the expected key shape, for the form that adds a key ({@code sk-ant-…})
 * @param auth how the key is sent
 * @param validationMethod HTTP method of the cheap live call that proves a key ({@code GET})
 * @param validationPath its path relative to {@code baseUrl} ({@code /models})
 * @param validationProvesKey false when that call may succeed without a valid key (a public listing),
 *     so success alone must not be taken as proof
 * @param docs where the user creates or manages a key
 * @param invalidKey signals, beyond 401 and 403, by which the provider says a key is invalid
 * @param modelPrefixes lower-case prefixes of bare model ids this provider owns ({@code claude-})
 * @param headersAllowed client request headers that may be passed through to this upstream
 * @param defaultHeaders headers the upstream requires, sent unless an allowed client header overrides
 * @param responses whether the upstream serves OpenAI's Responses API at {@code baseUrl + /responses}, so a
 *     Responses request can be passed through as it is (OpenAI wire only)
 * @param group where the provider is listed
 * @param selfHosted a server the team runs itself (vLLM, Ollama, …): {@code baseUrl} is only its usual
 *     local address, a key names its own server, and that server's host must be one the operator allowed
 * @param keyOptional whether a key may be saved without a secret (servers that take none)
 * @param quirks where its OpenAI-wire requests differ from OpenAI's (OpenAI wire only)
 * @param credential the named fields beyond the key and the base URL template they fill; {@code baseUrl}
 *     is that template at its defaults
 * @param rateLimitHeaders the rate-limit headers its answers carry, which headroom routing reads; null
 *     when it sends none the gateway reads
 */
public record Provider(
        String id,
        String name,
        Wire wire,
        URI baseUrl,
        List<HostPattern> hosts,
        String keyHint,
        Auth auth,
        String validationMethod,
        String validationPath,
        boolean validationProvesKey,
        URI docs,
        List<InvalidKeySignal> invalidKey,
        List<String> modelPrefixes,
        List<String> headersAllowed,
        Map<String, String> defaultHeaders,
        boolean responses,
        ProviderGroup group,
        boolean selfHosted,
        boolean keyOptional,
        Quirks quirks,
        CredentialTemplate credential,
        RateLimitHeaders rateLimitHeaders) {

    /**
     * What a key-less credential of a self-hosted server holds: no header carries it, and no real key
     * can look like it (keys with spaces are refused when saved).
     */
    public static final String NO_KEY = "(no key)";

    /** How a provider expects its key. */
    public enum Auth {
        /** {@code Authorization: Bearer <key>} */
        BEARER("Authorization"),
        /** {@code x-api-key: <key>} (Anthropic) */
        X_API_KEY("x-api-key"),
        /** {@code x-goog-api-key: <key>} (Gemini) */
        X_GOOG_API_KEY("x-goog-api-key"),
        /**
         * A cloud's structured credential (Azure, Bedrock, Vertex): a JSON object, not a header value;
         * the wire's exchange authenticates each call from it (a key header, a SigV4 signature, a minted token).
         */
        STRUCTURED("");

        private final String headerName;
        /** The same name built once as an {@code AsciiString}, hashed once, not per request. */
        private final CharSequence wireName;

        Auth(String headerName) {
            this.headerName = headerName;
            this.wireName = HttpHeaders.createOptimized(headerName);
        }

        /** The request header that carries the key (none for {@link #STRUCTURED}). */
        public String headerName() {
            return headerName;
        }

        /** {@link #headerName()} as the {@code CharSequence} the upstream request is built with. */
        CharSequence wireName() {
            return wireName;
        }

        /** The value of that header for {@code key}; build it at the moment of sending, never log it. */
        public String headerValue(String key) {
            return this == BEARER ? "Bearer " + key : key;
        }

        /** The spelling used in {@code providers.yaml}. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Auth fromYaml(String value) {
            for (Auth auth : values()) {
                if (auth.yamlName().equals(value)) {
                    return auth;
                }
            }
            throw new IllegalArgumentException(
                    "auth must be one of bearer, x-api-key, x-goog-api-key, structured, got '" + value + "'");
        }
    }

    /**
     * A response by which the provider says "invalid key" with a status other than 401/403, e.g.
     * Gemini's 400 carrying {@code API_KEY_INVALID}.
     *
     * @param status the HTTP status
     * @param bodyContains text the response body contains in that case
     */
    public record InvalidKeySignal(int status, String bodyContains) {

        public InvalidKeySignal {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("invalid_key status must be an HTTP error status, got " + status);
            }
            if (bodyContains == null || bodyContains.isBlank()) {
                throw new IllegalArgumentException("invalid_key body_contains is missing");
            }
        }

        /** True when a response with this status and body means the key is invalid. */
        public boolean matches(int responseStatus, String responseBody) {
            return responseStatus == status && responseBody != null && responseBody.contains(bodyContains);
        }
    }

    public Provider {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(wire, "wire");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(keyHint, "keyHint");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(validationMethod, "validationMethod");
        Objects.requireNonNull(validationPath, "validationPath");
        Objects.requireNonNull(docs, "docs");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(quirks, "quirks");
        Objects.requireNonNull(credential, "credential");
        if (!id.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("id must be lower-case letters, digits and dashes, got '" + id + "'");
        }
        // A hosted provider is only ever reached over https; a self-hosted server's usual local
        // address may be plain http (its key names the real one, on a host the operator allowed).
        if (selfHosted) {
            if (!baseUrl.isAbsolute() || !("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme()))
                    || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("base_url must be an absolute http(s) URL, got '" + baseUrl + "'");
            }
        } else {
            requireHttpsUrl("base_url", baseUrl);
        }
        if (group == ProviderGroup.SELF_HOSTED != selfHosted) {
            throw new IllegalArgumentException("self_hosted: true and group: self-hosted go together");
        }
        if (keyOptional && !selfHosted) {
            throw new IllegalArgumentException("key_optional is only for self-hosted servers; a hosted provider always takes a key");
        }
        if (wire != Wire.OPENAI && !quirks.equals(Quirks.NONE)) {
            throw new IllegalArgumentException("quirks apply to the openai wire only, not " + wire.yamlName());
        }
        requireHttpsUrl("docs", docs);
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null || baseUrl.getRawPath().endsWith("/")) {
            throw new IllegalArgumentException(
                    "base_url must have no query, fragment or trailing slash, got '" + baseUrl + "'");
        }
        if (!validationMethod.equals("GET") && !validationMethod.equals("POST")) {
            throw new IllegalArgumentException("validation method must be GET or POST, got '" + validationMethod + "'");
        }
        // Relative to base_url and nothing else: the call that proves a key goes where the key goes.
        if (!validationPath.startsWith("/") || validationPath.startsWith("//") || validationPath.contains("://")
                || validationPath.matches(".*(^|/)\\.\\.(/|$).*") || validationPath.contains("?") || validationPath.contains("#")) {
            throw new IllegalArgumentException(
                    "validation path must be a path relative to base_url, starting with one '/', got '" + validationPath + "'");
        }
        hosts = List.copyOf(hosts);
        if (selfHosted) {
            // A self-hosted server's host is whatever the operator allowed; the catalog names none.
            if (!hosts.isEmpty()) {
                throw new IllegalArgumentException("a self-hosted server lists no hosts: they come from the operator (--upstream-hosts)");
            }
        } else {
            if (hosts.isEmpty()) throw new IllegalArgumentException("hosts is missing: list the hosts its keys may be sent to");
            for (String url : credential.choiceTexts()) {
                URI choice = URI.create(url);
                if (!servesFrom(hosts, choice)) {
                    throw new IllegalArgumentException("base_url's host " + choice.getHost() + " is not among its hosts " + hosts);
                }
            }
        }
        invalidKey = List.copyOf(invalidKey);
        modelPrefixes = List.copyOf(modelPrefixes);
        headersAllowed = List.copyOf(headersAllowed);
        defaultHeaders = Map.copyOf(defaultHeaders);
        if ((auth == Auth.STRUCTURED) != wire.credentialForm().isPresent()) {
            throw new IllegalArgumentException("auth: structured goes with the azure, bedrock and vertex wires, and only with them");
        }
        if (responses && wire != Wire.OPENAI) {
            throw new IllegalArgumentException("responses: true is only meaningful for the openai wire, not " + wire.yamlName());
        }
        for (String prefix : modelPrefixes) {
            if (prefix.isBlank() || !prefix.equals(prefix.toLowerCase(Locale.ROOT)) || prefix.contains("/")) {
                throw new IllegalArgumentException(
                        "model_prefixes must be lower-case and contain no '/', got '" + prefix + "'");
            }
        }
    }

    /** {@code baseUrl} followed by {@code path} (which starts with '/'). */
    public URI endpoint(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/'");
        }
        // Plain concatenation: URI.resolve would drop the base's last segment (/openai/v1 + models).
        return URI.create(baseUrl + path);
    }

    /** Whether {@code url} (https) names one of this provider's own hosts. */
    public boolean ownsHost(URI url) {
        return "https".equalsIgnoreCase(url.getScheme()) && servesFrom(hosts, url);
    }

    private static boolean servesFrom(List<HostPattern> hosts, URI url) {
        for (HostPattern host : hosts) {
            if (host.matches(url.getHost(), url.getPort(), 443)) return true;
        }
        return false;
    }

    /** The structured credential this provider's keys are (Azure, Bedrock, Vertex); empty for a one-string key. */
    public java.util.Optional<dev.anyrouter.providers.cloud.CloudCredential.Form> credentialForm() {
        return wire.credentialForm();
    }

    /** The URL of the call that proves a key. */
    public URI validationUri() {
        return endpoint(validationPath);
    }

    /** True when a bare model id (no {@code provider/}) starts with one of this provider's prefixes. */
    public boolean ownsBareModel(String modelId) {
        return ownsLowerCaseBareModel(modelId.toLowerCase(Locale.ROOT));
    }

    /** {@link #ownsBareModel} for an id already in lower case (the catalog lowers it once for every provider). */
    boolean ownsLowerCaseBareModel(String lower) {
        for (String prefix : modelPrefixes) {
            if (lower.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static void requireHttpsUrl(String field, URI uri) {
        if (!uri.isAbsolute() || !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(field + " must be an absolute https URL, got '" + uri + "'");
        }
    }
}
