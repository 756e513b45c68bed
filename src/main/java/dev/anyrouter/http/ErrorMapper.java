package dev.anyrouter.http;

import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.providers.UpstreamRefusedException;
import dev.anyrouter.providers.exchange.ClientWire;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The one place that turns failures of the management API into what the client sees: the OpenAI
 * error shape {@code {"error":{"message","type","param","code"}}}. Unknown failures become a
 * generic 500 and are logged by class name only ({@link ApiError#of}), since an exception message
 * may quote a credential.
 */
final class ErrorMapper {
    private ErrorMapper() {}

    static ApiError toApiError(Throwable failure) {
        if (failure instanceof UpstreamRefusedException e) return ApiError.badRequest("upstream_refused", e.getMessage());
        return ApiError.of(failure);
    }

    static void send(RoutingContext ctx, Throwable failure) {
        send(ctx.response(), toApiError(failure));
    }

    static void send(HttpServerResponse response, ApiError error) {
        ClientWire.OPENAI.sendError(response, error);
    }
}
