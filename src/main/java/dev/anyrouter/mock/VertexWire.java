package dev.anyrouter.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Vertex AI as the mock speaks it, from Google's Vertex AI REST reference: the OAuth token
 * endpoint ({@code POST /token}, the JWT-bearer grant, {@link GoogleAccounts}), and the publisher
 * models under {@code /v1/projects/{project}/locations/{location}/publishers/…} (and {@code /v1beta1/…}, which
 * Google's SDKs use): Google's
 * {@code models/{m}:generateContent}, {@code :streamGenerateContent} and {@code :countTokens}
 * (answered as the Gemini API answers them) and Anthropic's {@code models/{m}:rawPredict} and
 * {@code :streamRawPredict} (Messages with {@code anthropic_version} in the body). Calls carry a
 * minted bearer token; the service account's e-mail is the key scripts and the request log use.
 * Errors are Google's {@code {"error":{code,message,status}}}; a token that is not valid is 401
 * {@code UNAUTHENTICATED}.
 */
final class VertexWire implements Wire {
    static final String TOKEN_PATH = "/token";
    private static final String PUBLISHERS = "/publishers/";

    private final JsonCodec json;
    private final GoogleAccounts accounts;
    private final GeminiGenerate gemini;
    private final AnthropicMessages anthropic;
    private final GeminiWire googleErrors;

    VertexWire(JsonCodec json, GoogleAccounts accounts, GeminiGenerate gemini, AnthropicMessages anthropic, GeminiWire googleErrors) {
        this.json = json;
        this.accounts = accounts;
        this.gemini = gemini;
        this.anthropic = anthropic;
        this.googleErrors = googleErrors;
    }

    @Override
    public boolean claims(HttpServerRequest request) {
        String path = request.path();
        return path.equals(TOKEN_PATH) || (path.startsWith("/v1/projects/") || path.startsWith("/v1beta1/projects/")) && path.contains(PUBLISHERS);
    }

    @Override
    public Call read(HttpServerRequest request, Buffer body) {
        if (request.path().equals(TOKEN_PATH)) {
            String tokenUri = "http://" + request.authority() + TOKEN_PATH;
            GoogleAccounts.Answer answer = accounts.grant(body.toString(), tokenUri);
            // The grant is its own authentication: it is answered whatever the scripts say of keys.
            return new Call("token-endpoint", null, false, null, (req, script) -> req.response().setStatusCode(answer.status())
                    .putHeader("content-type", "application/json; charset=utf-8").end(json.bytes(answer.body())));
        }
        String token = Wire.bearerKey(request);
        String email = accounts.who(token);
        String path = request.path().replace("%3A", ":").replace("%3a", ":").replace("%40", "@");
        String rest = path.substring(path.indexOf(PUBLISHERS) + PUBLISHERS.length());
        String[] parts = rest.split("/", 3);
        if (email == null) {
            return Call.refused(token == null ? null : "unknown-token", null, false,
                    new Refusal.Invalid(401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie"
                            + " or other valid authentication credential.", null, "UNAUTHENTICATED"));
        }
        if (parts.length < 3 || !parts[1].equals("models") || request.method() != HttpMethod.POST || parts[2].indexOf(':') < 0) {
            return Call.refused(email, null, false, new Refusal.Invalid(404, "The requested URL " + path + " was not found on this server.",
                    null, null));
        }
        String model = parts[2].substring(0, parts[2].indexOf(':'));
        String verb = parts[2].substring(parts[2].indexOf(':') + 1);
        return switch (parts[0] + ":" + verb) {
            case "google:generateContent" -> gemini.read(email, model, false, false, body);
            case "google:streamGenerateContent" -> gemini.read(email, model, true, "sse".equals(request.getParam("alt")), body);
            case "google:countTokens" -> new Call(email, model, false, null, (req, script) -> req.response()
                    .putHeader("content-type", "application/json; charset=UTF-8")
                    .end(json.bytes(json.object().put("totalTokens", ReplyText.tokensFor(body.length())).put("totalBillableCharacters",
                            body.length()))));
            case "anthropic:rawPredict", "anthropic:streamRawPredict" -> anthropic.readVertex(email, model, body);
            default -> Call.refused(email, model, false, new Refusal.Invalid(400, "Publisher " + parts[0] + " has no method " + verb, null, null));
        };
    }

    @Override
    public void refuse(HttpServerResponse response, Refusal refusal) {
        if (refusal instanceof Refusal.Invalid invalid && "UNAUTHENTICATED".equals(invalid.code())
                || refusal instanceof Refusal.MissingKey || refusal instanceof Refusal.InvalidKey) {
            response.setStatusCode(401).putHeader("content-type", "application/json; charset=UTF-8")
                    .putHeader("www-authenticate", "Bearer realm=\"https://accounts.google.com/\"")
                    .end(json.bytes(json.object().set("error", json.object().put("code", 401).put("message",
                            "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid"
                                    + " authentication credential.").put("status", "UNAUTHENTICATED"))));
            return;
        }
        googleErrors.refuse(response, refusal);
    }
}
