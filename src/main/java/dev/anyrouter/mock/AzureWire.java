package dev.anyrouter.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure OpenAI as the mock speaks it, from Microsoft's Azure OpenAI REST reference: the deployments
 * path ({@code /openai/deployments/{deployment}/chat/completions?api-version=…}, the deployment
 * named by the path) and the v1 API ({@code /openai/v1/chat/completions}, the deployment as
 * {@code model}), the model lists ({@code /openai/models?api-version=…}, {@code /openai/v1/models}),
 * answers with Azure's content-filter annotations ({@link AzureFilters}); keys in {@code api-key}, or
 * an Entra ID bearer token the mock minted at {@code POST /{tenant}/oauth2/v2.0/token} (the client
 * credentials grant; a secret containing "invalid" is AADSTS7000215). An Entra client's key, for
 * scripts and the log, is its {@code client_id}.
 */
final class AzureWire implements Wire {
    private static final Pattern DEPLOYMENT = Pattern.compile("/openai/deployments/([^/]+)/chat/completions");
    private static final Pattern TOKEN = Pattern.compile("/[^/]+/oauth2/v2\\.0/token");

    private record Minted(String clientId, Instant expires) {}

    private final JsonCodec json;
    private final Clock clock;
    private final Ids ids;
    private final OpenAiChat chat;
    private final OpenAiErrors errors;
    private final Map<String, Minted> tokens = new ConcurrentHashMap<>();

    AzureWire(JsonCodec json, Clock clock, Ids ids, OpenAiChat chat, OpenAiErrors errors) {
        this.json = json;
        this.clock = clock;
        this.ids = ids;
        this.chat = chat;
        this.errors = errors;
    }

    @Override
    public boolean claims(HttpServerRequest request) {
        return request.path().startsWith("/openai/") || TOKEN.matcher(request.path()).matches();
    }

    @Override
    public Call read(HttpServerRequest request, Buffer body) {
        String path = request.path();
        if (TOKEN.matcher(path).matches()) return token(body.toString());
        String key = request.getHeader("api-key");
        if (key == null) {
            Minted minted = tokens.get(String.valueOf(Wire.bearerKey(request)));
            if (minted != null && minted.expires().isAfter(clock.instant())) key = minted.clientId();
            else if (Wire.bearerKey(request) != null) key = "invalid-entra-token";
        }
        boolean v1 = path.startsWith("/openai/v1/");
        if (!v1 && request.getParam("api-version") == null) {
            return Call.refused(key, null, false, new Refusal.Invalid(404, "Resource not found", null, "404"));
        }
        HttpMethod method = request.method();
        if (method == HttpMethod.GET && (path.equals("/openai/models") || path.equals("/openai/v1/models"))) {
            return new Call(key, null, false, null, (req, script) -> req.response().putHeader("content-type", "application/json")
                    .end(json.bytes(models())));
        }
        if (method == HttpMethod.POST && path.equals("/openai/v1/chat/completions")) return chat.readAzure(key, body, null);
        Matcher deployment = DEPLOYMENT.matcher(path);
        if (method == HttpMethod.POST && deployment.matches()) {
            return chat.readAzure(key, body, java.net.URLDecoder.decode(deployment.group(1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return Call.refused(key, null, false, new Refusal.Invalid(404, "Resource not found", null, "404"));
    }

    /** The Entra ID tokens minted for a client (a test scans for them where they must never be). */
    List<String> entraTokens(String clientId) {
        return tokens.entrySet().stream().filter(e -> e.getValue().clientId().equals(clientId)).map(Map.Entry::getKey).sorted().toList();
    }

    /** The client credentials grant: any client whose secret does not say "invalid" gets an hour's token. */
    private Call token(String form) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) fields.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        int status;
        com.fasterxml.jackson.databind.node.ObjectNode answer;
        String clientId = fields.get("client_id");
        if (!"client_credentials".equals(fields.get("grant_type")) || clientId == null || fields.get("client_secret") == null) {
            status = 400;
            answer = json.object().put("error", "invalid_request").put("error_description", "AADSTS900144: The request body must contain"
                    + " the following parameter: 'client_secret'.");
        } else if (fields.get("client_secret").contains("invalid")) {
            status = 401;
            answer = json.object().put("error", "invalid_client").put("error_description", "AADSTS7000215: Invalid client secret provided.");
        } else {
            String token = "eyJ0eXAiOiJKV1QiLCJtb2NrIjp0cnVlfQ." + ids.alphanumeric(48);
            tokens.put(token, new Minted(clientId, clock.instant().plusSeconds(3599)));
            status = 200;
            answer = json.object().put("token_type", "Bearer").put("expires_in", 3599).put("ext_expires_in", 3599).put("access_token", token);
        }
        int s = status;
        return new Call("entra-token-endpoint", null, false, null, (req, script) -> req.response().setStatusCode(s)
                .putHeader("content-type", "application/json; charset=utf-8").end(json.bytes(answer)));
    }

    private com.fasterxml.jackson.databind.node.ObjectNode models() {
        com.fasterxml.jackson.databind.node.ObjectNode root = json.object();
        com.fasterxml.jackson.databind.node.ArrayNode data = root.putArray("data");
        for (String id : new String[] {"gpt-4.1", "gpt-4.1-mini", "gpt-4o", "gpt-5", "o4-mini"}) {
            data.addObject().put("id", id).put("object", "model").put("status", "succeeded");
        }
        return root.put("object", "list");
    }

    @Override
    public void refuse(HttpServerResponse response, Refusal refusal) {
        if (refusal instanceof Refusal.MissingKey) {
            response.setStatusCode(401).putHeader("content-type", "application/json").end(json.bytes(json.object().set("error",
                    json.object().put("code", "401").put("message", "Access denied due to missing subscription key. Make sure to include"
                            + " subscription key when making requests to an API."))));
            return;
        }
        if (refusal instanceof Refusal.InvalidKey) {
            response.setStatusCode(401).putHeader("content-type", "application/json").end(json.bytes(json.object().set("error",
                    json.object().put("code", "401").put("message", "Access denied due to invalid subscription key or wrong API endpoint."
                            + " Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for"
                            + " your resource."))));
            return;
        }
        errors.refuse(response, refusal);
    }
}
