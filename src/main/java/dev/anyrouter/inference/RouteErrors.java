package dev.anyrouter.inference;

import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.providers.UpstreamRefusedException;
import dev.anyrouter.routing.NoRouteException;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Maps failures of routing and of reaching an upstream to what the client sees. */
final class RouteErrors {
    private RouteErrors() {}

    /** What the client is told of a failure on the inference path. */
    static ApiError toApiError(Throwable failure) {
        return ApiError.of(translate(failure));
    }

    static Throwable translate(Throwable failure) {
        if (failure instanceof NoRouteException e) {
            return new ApiException(switch (e.reason()) {
                case UNKNOWN_MODEL -> ApiError.badRequest("model_not_found", e.getMessage());
                case NO_KEY -> ApiError.badRequest("no_provider_key", e.getMessage());
            });
        }
        if (failure instanceof UpstreamRefusedException e) {
            return new ApiException(ApiError.badGateway("upstream_refused", e.getMessage()));
        }
        if (failure instanceof ConnectException || failure instanceof ConnectTimeoutException) {
            return new ApiException(ApiError.badGateway("upstream_unreachable", "the upstream could not be reached"));
        }
        if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
            return new ApiException(new ApiError(504, "upstream_error", "upstream_timeout", "the upstream did not answer in time"));
        }
        if (failure instanceof io.vertx.core.VertxException || failure instanceof java.io.IOException) {
            return new ApiException(ApiError.badGateway("upstream_failed", "the connection to the upstream failed"));
        }
        return failure;
    }
}
