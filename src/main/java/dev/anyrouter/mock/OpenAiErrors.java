package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;

/**
 * OpenAI's error bodies {@code {"error":{"message","type","param","code"}}} and rate-limit
 * headers, shared by every OpenAI endpoint the mock serves (Chat Completions, Responses, models).
 */
final class OpenAiErrors {

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

    OpenAiErrors(JsonCodec json, Ids ids) {
        this.json = json;
        this.ids = ids;
    }

    /** Answers with OpenAI's error body and headers for {@code refusal}. */
    void refuse(HttpServerResponse response, Refusal refusal) {
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
            // A key's own limits, when it met them, have said what is left already (KeyLimits).
            boolean limited = response.headers().contains("x-ratelimit-limit-requests");
            if (retryAfter > 0) {
                response.putHeader("retry-after", Integer.toString(retryAfter));
                if (!limited) response.putHeader("x-ratelimit-reset-requests", retryAfter + "s");
            }
            if (scripted.status() == 429 && !limited) {
                response.putHeader("x-ratelimit-limit-requests", "3").putHeader("x-ratelimit-remaining-requests", "0");
            }
        }
        ObjectNode root = json.object();
        root.putObject("error")
                .put("message", failure.message())
                .put("type", failure.type())
                .put("param", failure.param())
                .put("code", failure.code());
        OpenAiWire.stamp(response, ids);
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

}
