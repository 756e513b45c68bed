package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.UUID;

/**
 * Amazon Bedrock's runtime and control plane as the mock speaks them, written from AWS's Bedrock
 * API reference: {@code POST /model/{modelId}/converse} and {@code /converse-stream} (answered in
 * AWS's binary event stream, {@link BedrockConverse}), and {@code GET /foundation-models}.
 *
 * <p>A call is authenticated as AWS does: a Bedrock API key in {@code Authorization: Bearer}, or a
 * SigV4 signature ({@link SigV4Check}, the mock's own implementation) by an access key the mock
 * knows: AWS's documented example pair ({@code AKIDEXAMPLE}) and any registered with
 * {@code POST /_mock/aws/users}. The access key id is the key scripts and the request log use.
 * Errors are AWS's: {@code {"message": …}} with the exception's name in {@code x-amzn-ErrorType}.
 */
final class BedrockWire implements Wire {
    private static final String TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

    private final JsonCodec json;
    private final SigV4Check sigV4;
    private final Map<String, String> users;
    private final BedrockConverse converse;

    /** @param users secret access keys by access key id (shared with the admin API, which adds to it) */
    BedrockWire(JsonCodec json, SigV4Check sigV4, Map<String, String> users, BedrockConverse converse) {
        this.json = json;
        this.sigV4 = sigV4;
        this.users = users;
        this.converse = converse;
    }

    @Override
    public boolean claims(HttpServerRequest request) {
        String path = request.path();
        return path.startsWith("/model/") || path.equals("/foundation-models");
    }

    @Override
    public Call read(HttpServerRequest request, Buffer body) {
        String path = request.path();
        String authorization = request.getHeader("authorization");
        String key = Wire.bearerKey(request);
        Refusal auth = null;
        if (authorization != null && authorization.startsWith(SigV4Check.ALGORITHM)) {
            try {
                SigV4Check.Claim claim = SigV4Check.claim(authorization);
                key = claim.accessKeyId();
                String secret = users.get(claim.accessKeyId());
                if (secret == null) {
                    auth = new Refusal.Invalid(403, "The security token included in the request is invalid.", null, "UnrecognizedClientException");
                } else {
                    String query = request.query();
                    sigV4.verify(claim, secret, new SigV4Check.Request(request.method().name(), rawPath(request), query,
                            name -> header(request, name), body.getBytes()));
                }
            } catch (SigV4Check.Rejected rejected) {
                auth = new Refusal.Invalid(403, rejected.getMessage(), null, rejected.type);
                if (key == null) key = "unsigned";
            }
        }
        if (auth != null) return Call.refused(key, null, false, auth);
        if (request.method() == HttpMethod.GET && path.equals("/foundation-models")) {
            String k = key;
            return new Call(k, null, false, null, (req, script) -> send(req.response(), 200, converse.models()));
        }
        String rest = path.substring("/model/".length());
        int slash = rest.lastIndexOf('/');
        if (request.method() != HttpMethod.POST || slash <= 0) {
            return Call.refused(key, null, false, new Refusal.Invalid(404, "Unknown operation " + request.method() + " " + path, null,
                    "UnknownOperationException"));
        }
        String model = java.net.URLDecoder.decode(rest.substring(0, slash), java.nio.charset.StandardCharsets.UTF_8);
        String action = rest.substring(slash + 1);
        if (!action.equals("converse") && !action.equals("converse-stream")) {
            return Call.refused(key, model, false, new Refusal.Invalid(404, "Unknown operation POST " + path, null, "UnknownOperationException"));
        }
        return converse.read(key, model, action.equals("converse-stream"), body);
    }

    /** A request header; over HTTP/2 (which the SDK's async client speaks) the host is the {@code :authority}. */
    private static String header(HttpServerRequest request, String name) {
        String value = request.getHeader(name);
        if (value == null && name.equalsIgnoreCase("host") && request.authority() != null) value = request.authority().toString();
        return value;
    }

    /** The path exactly as sent (Vert.x gives it undecoded), which the signature covers. */
    private static String rawPath(HttpServerRequest request) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    @Override
    public void refuse(HttpServerResponse response, Refusal refusal) {
        int status;
        String type;
        String message;
        switch (refusal) {
            case Refusal.MissingKey missing -> {
                status = 403;
                type = "MissingAuthenticationTokenException";
                message = "Missing Authentication Token";
            }
            case Refusal.InvalidKey invalid -> {
                status = 403;
                type = "UnrecognizedClientException";
                message = "The security token included in the request is invalid.";
            }
            case Refusal.Invalid invalid -> {
                status = invalid.status();
                type = invalid.code() == null ? "ValidationException" : invalid.code();
                message = invalid.message();
            }
            case Refusal.Scripted scripted -> {
                status = scripted.status();
                type = switch (status) {
                    case 400 -> "ValidationException";
                    case 401, 403 -> "AccessDeniedException";
                    case 404 -> "ResourceNotFoundException";
                    case 408 -> "ModelTimeoutException";
                    case 424 -> "ModelErrorException";
                    case 429 -> "ThrottlingException";
                    case 503 -> "ServiceUnavailableException";
                    default -> "InternalServerException";
                };
                message = switch (status) {
                    case 401, 403 -> "You don't have access to the model with the specified model ID.";
                    case 429 -> "Too many requests, please wait before trying again.";
                    case 503 -> "Bedrock is unable to process your request.";
                    default -> "The mock upstream was scripted to fail with status " + status + ".";
                };
                if (scripted.retryAfterSeconds() != Script.NOT_GIVEN) {
                    response.putHeader("retry-after", Integer.toString(scripted.retryAfterSeconds()));
                }
            }
        }
        response.putHeader("x-amzn-ErrorType", type + TYPE_SUFFIX);
        send(response, status, json.object().put("message", message));
    }

    private void send(HttpServerResponse response, int status, ObjectNode body) {
        response.putHeader("x-amzn-RequestId", UUID.randomUUID().toString());
        response.setStatusCode(status).putHeader("content-type", "application/json").end(json.bytes(body));
    }

    /** {@code x-amzn-RequestId} on every answer, as AWS sends it. */
    static void stamp(HttpServerResponse response) {
        response.putHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }
}
