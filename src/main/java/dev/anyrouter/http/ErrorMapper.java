package dev.anyrouter.http;

import dev.anyrouter.accounts.HashingBusyException;
import dev.anyrouter.accounts.TooManyAttemptsException;
import dev.anyrouter.accounts.WeakPasswordException;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.providers.BaseUrlNotAllowedException;
import dev.anyrouter.store.AccountCapException;
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
        if (failure instanceof BaseUrlNotAllowedException e) return ApiError.unprocessable("base_url_not_allowed", e.getMessage());
        if (failure instanceof AccountCapException e) return ApiError.conflict("account_limit_reached", e.getMessage());
        if (failure instanceof UpstreamRefusedException e) return ApiError.badRequest("upstream_refused", e.getMessage());
        if (failure instanceof WeakPasswordException e) return ApiError.badRequest("weak_password", e.getMessage());
        if (failure instanceof TooManyAttemptsException e) {
            return new ApiError(429, "rate_limit_error", "too_many_attempts", "too many failed attempts from this address or"
                    + " for this account: try again in " + e.retryAfterSeconds() + " seconds");
        }
        if (failure instanceof HashingBusyException e) {
            return new ApiError(503, "server_error", "server_busy", "too many sign-ins at once: try again in a second");
        }
        return ApiError.of(failure);
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
        ClientWire.OPENAI.sendError(response, error);
    }
}
