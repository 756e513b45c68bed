package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI REST wire ({@code Authorization: Bearer}): {@code GET /v1/models},
 * {@code GET /v1/models/{id}}, {@code POST /v1/chat/completions}, and OpenAI's error bodies
 * {@code {"error":{"message","type","param","code"}}}. Written from OpenAI's OpenAPI description.
 * Claims every request no other wire claims, so unknown paths get OpenAI's "Invalid URL" 404.
 */
final class OpenAiWire implements Wire {

    private record Model(String id, long created) {}

    /** Current OpenAI ids with the creation times OpenAI lists for them. */
    private static final List<Model> MODELS = List.of(
            new Model("gpt-4.1", 1744316542L),
            new Model("gpt-4.1-mini", 1744318173L),
            new Model("gpt-4.1-nano", 1744321707L),
            new Model("gpt-4o", 1715367049L),
            new Model("gpt-4o-mini", 1721172741L),
            new Model("o3", 1744225308L),
            new Model("o4-mini", 1744225351L),
            new Model("gpt-5", 1754425777L),
            new Model("gpt-5-mini", 1754425928L),
            new Model("gpt-5-nano", 1754426384L),
            new Model("text-embedding-3-small", 1705948997L),
            new Model("text-embedding-3-large", 1705953180L));

    private static final String NO_KEY = "You didn't provide an API key. You need to provide your API key in an "
            + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password "
            + "field (with blank username) if you're accessing the API from your browser and are prompted for a "
            + "username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.";
    private static final String QUOTA = "You exceeded your current quota, please check your plan and billing "
            + "details. For more information on this error, read the docs: "
            + "https://platform.openai.com/docs/guides/error-codes/api-errors.";

    /** One error as OpenAI sends it. */
    private record Failure(int status, String message, String type, String param, String code) {}

    private final JsonCodec json;
    private final Ids ids;
    private final OpenAiChat chat;
    private final Buffer modelList;
    private final Map<String, Buffer> modelsById = new LinkedHashMap<>();

    OpenAiWire(JsonCodec json, Ids ids, OpenAiChat chat) {
        this.json = json;
        this.ids = ids;
        this.chat = chat;
        ObjectNode list = json.object().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (Model model : MODELS) {
            ObjectNode entry = data.addObject()
                    .put("id", model.id())
                    .put("object", "model")
                    .put("created", model.created())
                    .put("owned_by", "openai");
            modelsById.put(model.id(), json.bytes(entry));
        }
        this.modelList = json.bytes(list);
    }

    @Override
    public boolean claims(HttpServerRequest request) {
        return true;
    }

    @Override
    public Call read(HttpServerRequest request, Buffer body) {
        String key = Wire.bearerKey(request);
        String path = request.path();
        HttpMethod method = request.method();
        if (method == HttpMethod.POST && path.equals("/v1/chat/completions")) {
            return chat.read(key, body);
        }
        if (method == HttpMethod.GET && path.equals("/v1/models")) {
            return new Call(key, null, false, null, (req, script) -> sendJson(req.response(), modelList));
        }
        if (method == HttpMethod.GET && path.startsWith("/v1/models/")) {
            String id = path.substring("/v1/models/".length());
            Buffer model = modelsById.get(id);
            return model == null
                    ? Call.refused(key, id, false, new Refusal.Invalid(404,
                            "The model '" + id + "' does not exist", "model", "model_not_found"))
                    : new Call(key, id, false, null, (req, script) -> sendJson(req.response(), model));
        }
        return Call.refused(key, null, false,
                new Refusal.Invalid(404, "Invalid URL (" + method.name() + " " + path + ")", null, null));
    }

    @Override
    public void refuse(HttpServerResponse response, Refusal refusal) {
        Failure failure = switch (refusal) {
            case Refusal.MissingKey missing -> new Failure(401, NO_KEY, "invalid_request_error", null, null);
            case Refusal.InvalidKey invalid -> incorrectKey(invalid.key());
            case Refusal.Invalid invalid ->
                    new Failure(invalid.status(), invalid.message(), "invalid_request_error", invalid.param(), invalid.code());
            case Refusal.Scripted scripted -> scripted(scripted);
        };
        if (refusal instanceof Refusal.Scripted scripted) {
            int retryAfter = scripted.retryAfterSeconds() != Script.NOT_GIVEN
                    ? scripted.retryAfterSeconds()
                    : scripted.status() == 429 ? 1 : 0;
            if (retryAfter > 0) {
                response.putHeader("retry-after", Integer.toString(retryAfter))
                        .putHeader("x-ratelimit-reset-requests", retryAfter + "s");
            }
            if (scripted.status() == 429) {
                response.putHeader("x-ratelimit-limit-requests", "3").putHeader("x-ratelimit-remaining-requests", "0");
            }
        }
        ObjectNode root = json.object();
        root.putObject("error")
                .put("message", failure.message())
                .put("type", failure.type())
                .put("param", failure.param())
                .put("code", failure.code());
        stamp(response, ids);
        response.setStatusCode(failure.status())
                .putHeader("content-type", "application/json; charset=utf-8")
                .end(json.bytes(root));
    }

    private static Failure incorrectKey(String key) {
        // Deliberately echoes the whole key: a gateway must never pass an upstream error body on.
        return new Failure(401, "Incorrect API key provided: " + key
                + ". You can find your API key at https://platform.openai.com/account/api-keys.",
                "invalid_request_error", null, "invalid_api_key");
    }

    private static Failure scripted(Refusal.Scripted scripted) {
        String model = scripted.model() == null ? "gpt-4.1" : scripted.model();
        int status = scripted.status();
        return switch (status) {
            case 400 -> new Failure(400, "Invalid request.", "invalid_request_error", null, null);
            case 401 -> incorrectKey(scripted.key());
            // OpenAI reports an exhausted balance as a 429, not a 402.
            case 402 -> new Failure(429, QUOTA, "insufficient_quota", null, "insufficient_quota");
            case 403 -> new Failure(403, "Country, region, or territory not supported", "request_forbidden", null,
                    "unsupported_country_region_territory");
            case 404 -> new Failure(404, "The model `" + model + "` does not exist or you do not have access to it.",
                    "invalid_request_error", null, "model_not_found");
            case 429 -> new Failure(429, "Rate limit reached for " + model + " in organization org-mock on requests "
                    + "per min (RPM): Limit 3, Used 3, Requested 1. Please try again in "
                    + Math.max(1, scripted.retryAfterSeconds()) + "s. Visit "
                    + "https://platform.openai.com/account/rate-limits to learn more.",
                    "requests", null, "rate_limit_exceeded");
            case 500 -> new Failure(500, "The server had an error while processing your request. Sorry about that!",
                    "server_error", null, null);
            case 503 -> new Failure(503, "The server is overloaded or not ready yet.", "server_error", null, null);
            default -> new Failure(status, "The mock upstream was scripted to fail with status " + status + ".",
                    status >= 500 ? "server_error" : "invalid_request_error", null, null);
        };
    }

    /** Headers OpenAI puts on every answer. */
    static void stamp(HttpServerResponse response, Ids ids) {
        response.putHeader("x-request-id", "req_" + ids.hex(32))
                .putHeader("openai-version", "2020-10-01")
                .putHeader("openai-processing-ms", "1");
    }

    private void sendJson(HttpServerResponse response, Buffer body) {
        stamp(response, ids);
        response.putHeader("content-type", "application/json").end(body);
    }
}
