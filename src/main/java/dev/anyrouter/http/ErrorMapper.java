package dev.anyrouter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.accounts.HashingBusyException;
import dev.anyrouter.accounts.TooManyAttemptsException;
import dev.anyrouter.accounts.WeakPasswordException;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.UnsupportedFieldException;
import dev.anyrouter.protocol.anthropic.AnthropicErrorTypes;
import dev.anyrouter.providers.UpstreamRefusedException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into what the client sees: the OpenAI error shape
 * {@code {"error":{"message","type","param","code"}}}. Unknown failures become a generic 500
 * and are logged by class name only, since an exception message may quote a credential.
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {}

    static ApiError toApiError(Throwable failure) {
        if (failure instanceof ApiException e) return e.error();
        if (failure instanceof MalformedJsonException e) return ApiError.badRequest("invalid_request", e.getMessage());
        if (failure instanceof UnsupportedFieldException e) return ApiError.badRequest("unsupported_parameter", e.getMessage());
        if (failure instanceof UpstreamRefusedException e) return ApiError.badRequest("upstream_refused", e.getMessage());
        if (failure instanceof WeakPasswordException e) return ApiError.badRequest("weak_password", e.getMessage());
        if (failure instanceof TooManyAttemptsException e) {
            return new ApiError(429, "rate_limit_error", "too_many_attempts", "too many failed attempts from this address or"
                    + " for this account: try again in " + e.retryAfterSeconds() + " seconds");
        }
        if (failure instanceof HashingBusyException e) {
            return new ApiError(503, "server_error", "server_busy", "too many sign-ins at once: try again in a second");
        }
        LOG.error("unhandled failure: {} at {}", failure.getClass().getName(), topFrame(failure));
        return ApiError.internal();
    }

    static Buffer openAiBody(ApiError error) {
        ObjectNode root = Json.object();
        ObjectNode body = root.putObject("error");
        body.put("message", error.message());
        body.put("type", error.type());
        body.putNull("param");
        body.put("code", error.code());
        return Buffer.buffer(Json.bytes(root));
    }

    /** The Anthropic error shape {@code {"type":"error","error":{"type","message"}}}, with its own error types. */
    static Buffer anthropicBody(ApiError error) {
        ObjectNode root = Json.object().put("type", "error");
        String type = AnthropicErrorTypes.of(error.type());
        if (type.equals("api_error")) type = AnthropicErrorTypes.forStatus(error.status());
        root.putObject("error").put("type", type).put("message", error.message());
        return Buffer.buffer(Json.bytes(root));
    }

    static void send(RoutingContext ctx, Throwable failure) {
        String retryAfter = retryAfter(failure);
        if (retryAfter != null && !ctx.response().headWritten()) ctx.response().putHeader("retry-after", retryAfter);
        send(ctx.response(), toApiError(failure));
    }

    /** The {@code Retry-After} a refusal carries, or null. */
    static String retryAfter(Throwable failure) {
        if (failure instanceof TooManyAttemptsException e) return Long.toString(e.retryAfterSeconds());
        if (failure instanceof HashingBusyException) return "1";
        return null;
    }

    static void send(HttpServerResponse response, ApiError error) {
        if (response.headWritten()) {
            if (!response.ended()) response.end();
            return;
        }
        response.setStatusCode(error.status())
                .putHeader("content-type", "application/json")
                .end(openAiBody(error));
    }

    private static String topFrame(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return trace.length == 0 ? "?" : trace[0].toString();
    }
}
