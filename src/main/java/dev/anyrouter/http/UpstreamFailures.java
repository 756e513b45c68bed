package dev.anyrouter.http;

import dev.anyrouter.protocol.Usage;
import dev.anyrouter.providers.UpstreamErrors;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.usage.UsageWriter;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upstream's error answer, passed on in the client's wire: its status, a safe code, and a
 * message that names the provider and key alias, with anything key-like removed (the raw body is
 * never relayed, since upstreams echo keys in errors). Shared by every inference handler.
 */
final class UpstreamFailures {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamFailures.class);

    private UpstreamFailures() {}

    static Future<Void> relay(RoutingContext ctx, ChatExchange exchange, HttpClientResponse response, UsageWriter usage,
                              ClientWire wire) {
        return response.body().compose(body -> {
            ApiError error = toApiError(exchange.attempt, response.statusCode(), body.getBytes());
            String retryAfter = response.getHeader("retry-after");
            if (retryAfter != null && retryAfter.matches("\\d{1,6}")) ctx.response().putHeader("retry-after", retryAfter);
            exchange.finished(response.statusCode(), error.code(), Usage.NONE);
            LOG.info("request {}: {} answered {} ({}) on key '{}'", exchange.id, exchange.attempt.model().provider().id(),
                    response.statusCode(), error.code(), exchange.attempt.key().alias());
            wire.sendError(ctx.response(), error);
            return Future.succeededFuture();
        });
    }

    static ApiError toApiError(Attempt attempt, int status, byte[] body) {
        String code = UpstreamErrors.code(body);
        String detail = UpstreamErrors.cleanMessage(body, attempt.target().credential());
        String message = attempt.model().provider().name() + " answered HTTP " + status + " on key '" + attempt.key().alias()
                + "'" + (detail == null || detail.isEmpty() ? "" : ": " + detail);
        return new ApiError(status, ApiError.typeFor(status), code == null ? "upstream_error" : code, message);
    }
}
