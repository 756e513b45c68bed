package dev.anyrouter.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;

/**
 * The mock's own control API under {@code /_mock/} (no auth; it only ever listens where tests
 * and benchmarks run):
 * <ul>
 *   <li>{@code POST /_mock/script} sets the script for a key ({@code "*"}: every key);</li>
 *   <li>{@code DELETE /_mock/script} clears every script;</li>
 *   <li>{@code GET /_mock/requests} lists the requests kept, oldest first, keys shown by last four;</li>
 *   <li>{@code DELETE /_mock/requests} forgets them and resets the count;</li>
 *   <li>{@code GET /_mock/requests/count} gives the exact count, cheaply;</li>
 *   <li>{@code POST /_mock/aws/users} adds an AWS access key the Bedrock wire accepts signatures of;</li>
 *   <li>{@code POST /_mock/google/service-accounts} makes a Google service account and answers its key file;</li>
 *   <li>{@code POST /_mock/google/revoke} ends a service account's tokens (and its key);</li>
 *   <li>{@code GET /_mock/google/grants?client_email=…} says how many tokens the account was granted
 *       and lists those it still holds ({@code tokens});</li>
 *   <li>{@code GET /_mock/azure/tokens?client_id=…} lists the Entra ID tokens minted for a client;</li>
 *   <li>{@code POST /_mock/limits} {@code {"key", "requests_per_minute", "tokens_per_minute"}} holds a key
 *       ({@code "*"}: every key without its own) to those rate limits on the OpenAI wire
 *       ({@link KeyLimits}: 429 when short; {@code x-ratelimit-*} on every answer);</li>
 *   <li>{@code GET /_mock/abandoned} lists the answers whose client closed the connection before
 *       they ended ({@code key_last4}, {@code path}), oldest first; {@code DELETE} forgets them.</li>
 * </ul>
 *
 * <p>A script is a JSON object: {@code key} (required; {@code "*"} for every key without its own),
 * {@code status} (answer with this provider-shaped error; 200 clears), {@code retry_after},
 * {@code times} (how many requests it applies to), {@code delay_ms} (before headers),
 * {@code chunk_interval_ms}, {@code chunks} (content pieces streamed), {@code fault}
 * ({@code drop_mid_stream}, {@code no_done}, {@code hang}: never send even headers,
 * {@code hang_after_first_chunk}: headers and the first event or half the JSON body, then
 * nothing; {@code error_mid_stream}: half the events, then the wire's error event quoting the
 * key; {@code stall_mid_stream}: half the events, then nothing; and, the same for every wire, {@code stall_after_headers}, {@code drip}: a byte every
 * 100 ms that never becomes content, {@code malformed_json}, {@code endless_sse_line}, {@code ping_flood}: keep-alive comments and never content,
 * {@code huge_body}: a gigabyte of JSON, {@code html_page}: a 200 with an HTML page), {@code tool_call} (true: answer with a tool call whatever was asked) and
 * {@code parallel_tool_calls} (how many calls such an answer makes).
 */
final class AdminApi {

    static final String PREFIX = "/_mock/";

    private final ObjectMapper json;
    private final ScriptBook scripts;
    private final RequestLog log;
    private final java.util.Map<String, String> awsUsers;
    private final GoogleAccounts google;
    private final AbandonedLog abandoned;
    private final java.util.function.Function<String, java.util.List<String>> entraTokens;
    private final KeyLimits limits;

    /** @param awsUsers the AWS access keys the Bedrock wire knows, by id, which {@code /_mock/aws/users} adds to */
    AdminApi(ObjectMapper json, ScriptBook scripts, RequestLog log, AbandonedLog abandoned,
             java.util.Map<String, String> awsUsers, GoogleAccounts google,
             java.util.function.Function<String, java.util.List<String>> entraTokens, KeyLimits limits) {
        this.entraTokens = entraTokens;
        this.limits = limits;
        this.json = json;
        this.scripts = scripts;
        this.log = log;
        this.abandoned = abandoned;
        this.awsUsers = awsUsers;
        this.google = google;
    }

    void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        switch (request.method().name() + " " + request.path()) {
            case "POST /_mock/script" -> request.body().onSuccess(body -> script(response, body));
            case "POST /_mock/limits" -> request.body().onSuccess(body -> limits(response, body));
            case "DELETE /_mock/script" -> {
                scripts.clear();
                response.setStatusCode(204).end();
            }
            case "GET /_mock/requests" -> sendJson(response, 200, requests());
            case "DELETE /_mock/requests" -> {
                log.clear();
                response.setStatusCode(204).end();
            }
            case "POST /_mock/aws/users" -> request.body().onSuccess(body -> awsUser(response, body));
            case "POST /_mock/google/service-accounts" -> request.body().onSuccess(body -> serviceAccount(request, body));
            case "POST /_mock/google/revoke" -> request.body().onSuccess(body -> revoke(response, body));
            case "GET /_mock/google/grants" -> {
                String email = String.valueOf(request.getParam("client_email"));
                ObjectNode answer = json.createObjectNode().put("grants", google.grants(email));
                google.tokens(email).forEach(answer.putArray("tokens")::add);
                sendJson(response, 200, answer);
            }
            case "GET /_mock/azure/tokens" -> {
                ObjectNode answer = json.createObjectNode();
                entraTokens.apply(String.valueOf(request.getParam("client_id"))).forEach(answer.putArray("tokens")::add);
                sendJson(response, 200, answer);
            }
            case "GET /_mock/requests/count" -> sendJson(response, 200, json.createObjectNode().put("count", log.total()));
            case "GET /_mock/abandoned" -> {
                ArrayNode list = json.createArrayNode();
                abandoned.snapshot().forEach(a -> list.addObject().put("key_last4", a.keyLast4()).put("path", a.path()));
                sendJson(response, 200, list);
            }
            case "DELETE /_mock/abandoned" -> {
                abandoned.clear();
                response.setStatusCode(204).end();
            }
            default -> sendJson(response, 404, problem("no admin endpoint " + request.method() + " " + request.path()));
        }
    }

    /**
     * {@code {"project"?, "name"?}}: a new Google service account; the answer is its key file, whose
     * {@code token_uri} is this mock's token endpoint.
     */
    private void serviceAccount(HttpServerRequest request, Buffer body) {
        JsonNode root;
        try {
            root = body.length() == 0 ? json.createObjectNode() : json.readTree(body.getBytes());
        } catch (IOException e) {
            sendJson(request.response(), 400, problem("body is not valid JSON"));
            return;
        }
        String project = root.path("project").asText("mock-project");
        String name = root.path("name").asText("mock-sa");
        sendJson(request.response(), 200, google.create(project, name, "http://" + request.authority() + VertexWire.TOKEN_PATH));
    }

    /** {@code {"client_email", "key"?}}: ends the account's tokens (and its key, with {@code "key": true}). */
    private void revoke(HttpServerResponse response, Buffer body) {
        try {
            JsonNode root = json.readTree(body.getBytes());
            google.revoke(root.path("client_email").asText(), root.path("key").asBoolean(false));
            sendJson(response, 200, json.createObjectNode().put("ok", true)
                    .put("grants", google.grants(root.path("client_email").asText())));
        } catch (IOException e) {
            sendJson(response, 400, problem("body is not valid JSON"));
        }
    }

    /** {@code {"access_key_id", "secret_access_key"}}: an IAM user the Bedrock wire accepts signatures of. */
    private void awsUser(HttpServerResponse response, Buffer body) {
        try {
            JsonNode root = json.readTree(body.getBytes());
            String id = root == null ? null : root.path("access_key_id").asText(null);
            String secret = root == null ? null : root.path("secret_access_key").asText(null);
            if (id == null || secret == null || id.isBlank() || secret.isBlank()) {
                throw new IllegalArgumentException("'access_key_id' and 'secret_access_key' are required");
            }
            awsUsers.put(id, secret);
            sendJson(response, 200, json.createObjectNode().put("ok", true));
        } catch (IOException e) {
            sendJson(response, 400, problem("body is not valid JSON"));
        } catch (IllegalArgumentException e) {
            sendJson(response, 400, problem(e.getMessage()));
        }
    }

    private void script(HttpServerResponse response, Buffer body) {
        try {
            JsonNode root = json.readTree(body.getBytes());
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            JsonNode key = root.get("key");
            if (key == null || !key.isTextual() || key.asText().isEmpty()) {
                throw new IllegalArgumentException("'key' must be a non-empty string (\"*\" for every key)");
            }
            scripts.put(key.asText(), parseScript(root));
            sendJson(response, 200, json.createObjectNode().put("ok", true));
        } catch (IOException e) {
            sendJson(response, 400, problem("body is not valid JSON"));
        } catch (IllegalArgumentException e) {
            sendJson(response, 400, problem(e.getMessage()));
        }
    }

    /**
     * {@code {"key", "requests_per_minute", "tokens_per_minute"}}: the key's rate limits on the OpenAI
     * wire ({@code "*"}: every key without its own), its buckets full again.
     */
    private void limits(HttpServerResponse response, Buffer body) {
        try {
            JsonNode root = json.readTree(body.getBytes());
            if (root == null || !root.path("key").isTextual() || root.path("key").asText().isEmpty()) {
                throw new IllegalArgumentException("'key' must be a non-empty string (\"*\" for every key)");
            }
            limits.set(root.get("key").asText(), new KeyLimits.Limit(number(root, "requests_per_minute", 0),
                    number(root, "tokens_per_minute", 0)));
            sendJson(response, 200, json.createObjectNode().put("ok", true));
        } catch (IOException e) {
            sendJson(response, 400, problem("body is not valid JSON"));
        } catch (IllegalArgumentException e) {
            sendJson(response, 400, problem(e.getMessage()));
        }
    }

    static Script parseScript(JsonNode root) {
        JsonNode fault = root.get("fault");
        JsonNode toolCall = root.get("tool_call");
        if (toolCall != null && !toolCall.isNull() && !toolCall.isBoolean()) {
            throw new IllegalArgumentException("'tool_call' must be true or false");
        }
        long parallel = number(root, "parallel_tool_calls", 0);
        if (root.hasNonNull("parallel_tool_calls") && parallel < 1) {
            throw new IllegalArgumentException("'parallel_tool_calls' must be at least 1");
        }
        return new Script(
                (int) number(root, "status", 200),
                (int) number(root, "retry_after", Script.NOT_GIVEN),
                (int) number(root, "times", Script.UNLIMITED),
                number(root, "delay_ms", 0),
                number(root, "chunk_interval_ms", 0),
                (int) number(root, "chunks", 0),
                fault == null || fault.isNull() ? Fault.NONE : Fault.parse(fault.asText()),
                toolCall != null && toolCall.asBoolean(false),
                (int) parallel);
    }

    private static long number(JsonNode root, String field, long absent) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer");
        }
        return value.asLong();
    }

    private ArrayNode requests() {
        ArrayNode list = json.createArrayNode();
        for (ReceivedRequest request : log.snapshot()) {
            list.addObject()
                    .put("method", request.method())
                    .put("path", request.path())
                    .put("model", request.model())
                    .put("key_last4", request.keyLast4())
                    .put("stream", request.stream());
        }
        return list;
    }

    private ObjectNode problem(String message) {
        ObjectNode root = json.createObjectNode();
        root.putObject("error").put("message", message);
        return root;
    }

    private void sendJson(HttpServerResponse response, int status, JsonNode body) {
        try {
            response.setStatusCode(status)
                    .putHeader("content-type", "application/json")
                    .end(Buffer.buffer(json.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            response.setStatusCode(500).end();
        }
    }
}
