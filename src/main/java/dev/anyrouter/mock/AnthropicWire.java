package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Anthropic wire: {@code POST /v1/messages}, {@code POST /v1/messages/count_tokens} and, for requests that carry
 * {@code anthropic-version} or {@code x-api-key}, {@code GET /v1/models[/id]}. Keys come in
 * {@code x-api-key} or {@code Authorization: Bearer}; {@code anthropic-version} is required.
 * Errors are {@code {"type":"error","error":{"type","message"},"request_id"}}. Written from
 * Anthropic's API documentation.
 */
final class AnthropicWire implements Wire {

    static final String VERSION_2023 = "2023-06-01";
    static final String VERSION_2026 = "2026-10-21";
    static final Set<String> VERSIONS = Set.of(VERSION_2023, VERSION_2026);
    private static final String COUNT_TOKENS = "/v1/messages/count_tokens";

    private record Model(String id, String displayName, String createdAt, int maxTokens, List<String> aliases) {}

    /** Anthropic's current ids, newest first as its list is, with the aliases that resolve to them. */
    private static final List<Model> MODELS = List.of(
            new Model("claude-haiku-4-5-20251001", "Claude Haiku 4.5", "2025-10-15T00:00:00Z", 64_000, List.of("claude-haiku-4-5")),
            new Model("claude-sonnet-4-5-20250929", "Claude Sonnet 4.5", "2025-09-29T00:00:00Z", 64_000, List.of("claude-sonnet-4-5")),
            new Model("claude-opus-4-1-20250805", "Claude Opus 4.1", "2025-08-05T00:00:00Z", 32_000, List.of("claude-opus-4-1")),
            new Model("claude-opus-4-20250514", "Claude Opus 4", "2025-05-22T00:00:00Z", 32_000, List.of("claude-opus-4-0")),
            new Model("claude-sonnet-4-20250514", "Claude Sonnet 4", "2025-05-22T00:00:00Z", 64_000, List.of("claude-sonnet-4-0")),
            new Model("claude-3-7-sonnet-20250219", "Claude Sonnet 3.7", "2025-02-24T00:00:00Z", 64_000,
                    List.of("claude-3-7-sonnet-latest")),
            new Model("claude-3-5-haiku-20241022", "Claude Haiku 3.5", "2024-10-22T00:00:00Z", 8_192,
                    List.of("claude-3-5-haiku-latest")));

    private static final String NO_CREDIT = "Your credit balance is too low to access the Anthropic API. "
            + "Please go to Plans & Billing to upgrade or purchase credits.";

    /** One error as Anthropic sends it. */
    private record Failure(int status, String type, String message) {}

    private final JsonCodec json;
    private final Clock clock;
    private final Ids ids;
    private final AnthropicMessages messages;
    private final Buffer modelList;
    private final Map<String, Buffer> modelsByIdOrAlias = new HashMap<>();

    AnthropicWire(JsonCodec json, Clock clock, Ids ids, AnthropicMessages messages) {
        this.json = json;
        this.clock = clock;
        this.ids = ids;
        this.messages = messages;
        ObjectNode list = json.object();
        ArrayNode data = list.putArray("data");
        for (Model model : MODELS) {
            ObjectNode entry = data.addObject()
                    .put("type", "model")
                    .put("id", model.id())
                    .put("display_name", model.displayName())
                    .put("created_at", model.createdAt())
                    .put("lifecycle", "active")
                    .put("max_input_tokens", 200_000)
                    .put("max_tokens", model.maxTokens());
            entry.putNull("deprecated_at");
            entry.putNull("retires_at");
            Buffer one = json.bytes(entry);
            modelsByIdOrAlias.put(model.id(), one);
            model.aliases().forEach(alias -> modelsByIdOrAlias.put(alias, one));
        }
        list.put("has_more", false)
                .put("first_id", MODELS.getFirst().id())
                .put("last_id", MODELS.getLast().id());
        this.modelList = json.bytes(list);
    }

    @Override
    public boolean claims(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/v1/messages") || path.equals(COUNT_TOKENS)) {
            return true;
        }
        boolean models = path.equals("/v1/models") || path.startsWith("/v1/models/");
        return models && (request.getHeader("anthropic-version") != null || request.getHeader("x-api-key") != null);
    }

    @Override
    public Call read(HttpServerRequest request, Buffer body) {
        String key = key(request);
        String path = request.path();
        String version = request.getHeader("anthropic-version");
        Refusal badVersion = checkVersion(version);
        if (request.method() == HttpMethod.POST && path.equals("/v1/messages")) {
            Call call = messages.read(key, version, body);
            return badVersion == null ? call : Call.refused(key, call.model(), call.stream(), badVersion);
        }
        if (request.method() == HttpMethod.POST && path.equals(COUNT_TOKENS)) {
            Call call = messages.readCount(key, body);
            return badVersion == null ? call : Call.refused(key, call.model(), false, badVersion);
        }
        boolean models = path.equals("/v1/models") || path.startsWith("/v1/models/");
        if (request.method() != HttpMethod.GET || !models) {
            return Call.refused(key, null, false, new Refusal.Invalid(404, "Not found", null, null));
        }
        if (badVersion != null) {
            return Call.refused(key, null, false, badVersion);
        }
        if (path.equals("/v1/models")) {
            return new Call(key, null, false, null, (req, script) -> sendJson(req.response(), modelList));
        }
        String id = path.substring("/v1/models/".length());
        Buffer model = modelsByIdOrAlias.get(id);
        return model == null
                ? Call.refused(key, id, false, new Refusal.Invalid(404, "model: " + id, "model", null))
                : new Call(key, id, false, null, (req, script) -> sendJson(req.response(), model));
    }

    /** The key from {@code x-api-key}, else from {@code Authorization: Bearer}. */
    private static String key(HttpServerRequest request) {
        String apiKey = request.getHeader("x-api-key");
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.trim();
        }
        return Wire.bearerKey(request);
    }

    private static Refusal checkVersion(String version) {
        if (version == null) {
            return new Refusal.Invalid(400, "anthropic-version: header is required", null, null);
        }
        if (!VERSIONS.contains(version)) {
            return new Refusal.Invalid(400, "anthropic-version: unknown version '" + version + "'", null, null);
        }
        return null;
    }

    @Override
    public void refuse(HttpServerResponse response, Refusal refusal) {
        Failure failure = switch (refusal) {
            case Refusal.MissingKey missing -> new Failure(401, "authentication_error", "x-api-key header is required");
            case Refusal.InvalidKey invalid -> invalidKey(invalid.key());
            case Refusal.Invalid invalid -> new Failure(invalid.status(), typeFor(invalid.status()), invalid.message());
            case Refusal.Scripted scripted -> scripted(scripted);
        };
        if (refusal instanceof Refusal.Scripted scripted) {
            int retryAfter = scripted.retryAfterSeconds() != Script.NOT_GIVEN
                    ? scripted.retryAfterSeconds()
                    : scripted.status() == 429 ? 1 : 0;
            if (retryAfter > 0) {
                response.putHeader("retry-after", Integer.toString(retryAfter));
            }
            if (scripted.status() == 429) {
                response.putHeader("anthropic-ratelimit-requests-limit", "50")
                        .putHeader("anthropic-ratelimit-requests-remaining", "0")
                        .putHeader("anthropic-ratelimit-requests-reset",
                                clock.instant().plusSeconds(Math.max(1, retryAfter)).truncatedTo(ChronoUnit.SECONDS).toString());
            }
        }
        String requestId = stamp(response, ids);
        ObjectNode root = json.object().put("type", "error");
        root.putObject("error").put("type", failure.type()).put("message", failure.message());
        root.put("request_id", requestId);
        response.setStatusCode(failure.status())
                .putHeader("content-type", "application/json")
                .end(json.bytes(root));
    }

    private static Failure invalidKey(String key) {
        // Deliberately echoes the whole key: a gateway must never pass an upstream error body on.
        return new Failure(401, "authentication_error", "invalid x-api-key: " + key);
    }

    private static String typeFor(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    private static Failure scripted(Refusal.Scripted scripted) {
        int status = scripted.status();
        String model = scripted.model() == null ? "claude-sonnet-4-5" : scripted.model();
        return switch (status) {
            case 401 -> invalidKey(scripted.key());
            // Anthropic reports an exhausted balance as a 400, not a 402.
            case 402 -> new Failure(400, "invalid_request_error", NO_CREDIT);
            case 403 -> new Failure(403, "permission_error", "Your API key does not have permission to use the specified resource.");
            case 404 -> new Failure(404, "not_found_error", "model: " + model);
            case 429 -> new Failure(429, "rate_limit_error", "This request would exceed the rate limit for your "
                    + "organization of 50 requests per minute. For details, refer to: "
                    + "https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. "
                    + "Please reduce the prompt length or the maximum tokens requested, or try again later.");
            case 500 -> new Failure(500, "api_error", "Internal server error");
            case 529 -> new Failure(529, "overloaded_error", "Overloaded");
            default -> new Failure(status, typeFor(status),
                    "The mock upstream was scripted to fail with status " + status + ".");
        };
    }

    /** Headers Anthropic puts on every answer; returns the request id it set. */
    static String stamp(HttpServerResponse response, Ids ids) {
        String requestId = "req_011C" + ids.alphanumeric(20);
        response.putHeader("request-id", requestId).putHeader("anthropic-organization-id", "mock-organization");
        return requestId;
    }

    private void sendJson(HttpServerResponse response, Buffer body) {
        stamp(response, ids);
        response.putHeader("content-type", "application/json").end(body);
    }
}
