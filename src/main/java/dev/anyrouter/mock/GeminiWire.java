package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The Google Gemini API wire ({@code generativelanguage.googleapis.com}), under {@code /v1beta/}
 * and {@code /v1/}: {@code GET models}, {@code GET models/{id}},
 * {@code POST models/{id}:generateContent} and {@code POST models/{id}:streamGenerateContent}
 * ({@code ?alt=sse} for server-sent events). Written from Google's Gemini API documentation.
 *
 * <p>The key travels in {@code x-goog-api-key}, or in the {@code ?key=} query that Google also
 * accepts (the request log keeps paths without their query, so it never records it). Errors are
 * Google's {@code {"error":{"code","message","status","details"}}}; note that Google answers an
 * invalid key with 400 {@code INVALID_ARGUMENT} (reason {@code API_KEY_INVALID}), a missing one
 * with 403 {@code PERMISSION_DENIED}, and puts a 429's wait in a {@code RetryInfo} detail rather
 * than a {@code retry-after} header.
 */
final class GeminiWire implements Wire {

    /** Marks a path Google's front end does not route, answered with its HTML 404 page rather than JSON. */
    private static final String NO_ROUTE = "no_route";

    private static final String INVALID_KEY = "API key not valid. Please pass a valid API key.";
    private static final String NO_KEY = "Method doesn't allow unregistered callers (callers without established "
            + "identity). Please use API Key or other form of API consumer identity to call this API.";
    private static final String QUOTA = "You exceeded your current quota, please check your plan and billing details. "
            + "For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.";
    private static final String DOMAIN = "googleapis.com";
    private static final String SERVICE = "generativelanguage.googleapis.com";

    /** One error as Google sends it, with its details ({@code null}: none). */
    private record Failure(int status, String message, ArrayNode details) {}

    private final JsonCodec json;
    private final GoogleJson google;
    private final GeminiModels models;
    private final GeminiGenerate generate;

    GeminiWire(JsonCodec json, GoogleJson google, GeminiModels models, GeminiGenerate generate) {
        this.json = json;
        this.google = google;
        this.models = models;
        this.generate = generate;
    }

    @Override
    public boolean claims(HttpServerRequest request) {
        String path = request.path();
        if (path.startsWith("/v1beta/")) {
            return true;
        }
        // OpenAI also serves /v1/models: a Gemini call there carries Google's key header or query, or a ':method'.
        return path.startsWith("/v1/models")
                && (request.getHeader("x-goog-api-key") != null || request.getParam("key") != null
                        || path.indexOf(':') >= 0 || path.contains("%3A") || path.contains("%3a"));
    }

    @Override
    public Call read(HttpServerRequest request, Buffer body) {
        String key = key(request);
        String path = request.path().replace("%3A", ":").replace("%3a", ":");
        String rest = path.substring(path.indexOf('/', 1) + 1);
        HttpMethod method = request.method();
        if (method == HttpMethod.GET && rest.equals("models")) {
            return new Call(key, null, false, null, (req, script) -> sendJson(req.response(), models.list()));
        }
        if (!rest.startsWith("models/")) {
            return Call.refused(key, null, false, new Refusal.Invalid(404, path, null, NO_ROUTE));
        }
        String name = rest.substring("models/".length());
        int colon = name.indexOf(':');
        if (method == HttpMethod.GET && colon < 0) {
            Buffer model = models.get(name);
            return model == null
                    ? Call.refused(key, name, false, new Refusal.Invalid(404, "models/" + name + " is not found for "
                            + "API version " + version(path) + ", or is not supported for generateContent. Call "
                            + "ListModels to see the list of available models and their supported methods.", null, null))
                    : new Call(key, name, false, null, (req, script) -> sendJson(req.response(), model));
        }
        String model = colon < 0 ? name : name.substring(0, colon);
        String action = colon < 0 ? "" : name.substring(colon + 1);
        if (method == HttpMethod.POST && action.equals("generateContent")) {
            return generate.read(key, model, false, false, body);
        }
        if (method == HttpMethod.POST && action.equals("streamGenerateContent")) {
            return generate.read(key, model, true, "sse".equals(request.getParam("alt")), body);
        }
        return Call.refused(key, model, false, new Refusal.Invalid(404, path, null, NO_ROUTE));
    }

    /** The key from {@code x-goog-api-key}, else from the {@code key} query parameter. */
    private static String key(HttpServerRequest request) {
        String header = request.getHeader("x-goog-api-key");
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String query = request.getParam("key");
        return query == null || query.isBlank() ? null : query;
    }

    private static String version(String path) {
        return path.substring(1, path.indexOf('/', 1));
    }

    @Override
    public void refuse(HttpServerResponse response, Refusal refusal) {
        if (refusal instanceof Refusal.Invalid invalid && NO_ROUTE.equals(invalid.code())) {
            notFoundPage(response, invalid.message());
            return;
        }
        Failure failure = switch (refusal) {
            case Refusal.MissingKey missing -> new Failure(403, NO_KEY, null);
            case Refusal.InvalidKey invalid -> invalidKey();
            case Refusal.Invalid invalid -> new Failure(invalid.status(), invalid.message(), null);
            case Refusal.Scripted scripted -> scripted(scripted);
        };
        ObjectNode root = json.object();
        ObjectNode error = root.putObject("error")
                .put("code", failure.status())
                .put("message", failure.message())
                .put("status", statusName(failure.status()));
        if (failure.details() != null) {
            error.set("details", failure.details());
        }
        stamp(response);
        response.setStatusCode(failure.status())
                .putHeader("content-type", "application/json; charset=UTF-8")
                .end(google.indented(root));
    }

    private Failure invalidKey() {
        ArrayNode details = json.array();
        errorInfo(details, "API_KEY_INVALID");
        details.addObject()
                .put("@type", "type.googleapis.com/google.rpc.LocalizedMessage")
                .put("locale", "en-US")
                .put("message", INVALID_KEY);
        return new Failure(400, INVALID_KEY, details);
    }

    private void errorInfo(ArrayNode details, String reason) {
        details.addObject()
                .put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                .put("reason", reason)
                .put("domain", DOMAIN)
                .putObject("metadata").put("service", SERVICE);
    }

    private Failure scripted(Refusal.Scripted scripted) {
        int status = scripted.status();
        String model = scripted.model() == null ? "gemini-2.5-flash" : scripted.model();
        return switch (status) {
            case 400 -> new Failure(400, "Request contains an invalid argument.", null);
            case 401 -> new Failure(401, "Request had invalid authentication credentials. Expected OAuth 2 access "
                    + "token, login cookie or other valid authentication credential. See "
                    + "https://developers.google.com/identity/sign-in/web/devconsole-project.", null);
            // Google has no 402: an exhausted quota or balance is a 429.
            case 402, 429 -> quota(model, scripted.retryAfterSeconds());
            case 403 -> new Failure(403, "Your API key was reported as leaked. Please use another API key.", null);
            case 404 -> new Failure(404, "models/" + model + " is not found for API version v1beta, or is not "
                    + "supported for generateContent. Call ListModels to see the list of available models and their "
                    + "supported methods.", null);
            case 500 -> new Failure(500, "An internal error has occurred. Please retry or report in "
                    + "https://developers.generativeai.google/guide/troubleshooting", null);
            case 503 -> new Failure(503, "The model is overloaded. Please try again later.", null);
            case 504 -> new Failure(504, "The request timed out. Please try again.", null);
            default -> new Failure(status, "The mock upstream was scripted to fail with status " + status + ".", null);
        };
    }

    private Failure quota(String model, int retryAfterSeconds) {
        ArrayNode details = json.array();
        ObjectNode violation = details.addObject()
                .put("@type", "type.googleapis.com/google.rpc.QuotaFailure")
                .putArray("violations").addObject()
                .put("quotaMetric", "generativelanguage.googleapis.com/generate_content_free_tier_requests")
                .put("quotaId", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
        violation.putObject("quotaDimensions").put("location", "global").put("model", model);
        violation.put("quotaValue", "10");
        details.addObject()
                .put("@type", "type.googleapis.com/google.rpc.Help")
                .putArray("links").addObject()
                .put("description", "Learn more about Gemini API quotas")
                .put("url", "https://ai.google.dev/gemini-api/docs/rate-limits");
        int seconds = retryAfterSeconds != Script.NOT_GIVEN ? retryAfterSeconds : 1;
        details.addObject()
                .put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                .put("retryDelay", seconds + "s");
        return new Failure(429, QUOTA, details);
    }

    /** The canonical gRPC status name Google pairs with an HTTP status. */
    static String statusName(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }

    private static void notFoundPage(HttpServerResponse response, String path) {
        stamp(response);
        response.setStatusCode(404)
                .putHeader("content-type", "text/html; charset=UTF-8")
                .end("<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error 404 (Not Found)!!1</title>\n"
                        + "  <p><b>404.</b> <ins>That\u2019s an error.</ins>\n  <p>The requested URL <code>"
                        + path.replace("<", "&lt;") + "</code> was not found on this server.  "
                        + "<ins>That\u2019s all we know.</ins>\n");
    }

    /** Headers Google's front end puts on every answer. */
    static void stamp(HttpServerResponse response) {
        response.putHeader("server", "scaffolding on HTTPServer2")
                .putHeader("vary", "Origin, X-Origin, Referer")
                .putHeader("x-content-type-options", "nosniff");
    }

    private static void sendJson(HttpServerResponse response, Buffer body) {
        stamp(response);
        response.putHeader("content-type", "application/json; charset=UTF-8").end(body);
    }
}
