package dev.anyrouter.http;

import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/** The headers the gateway adds to every inference answer it relays or translates. */
final class ReplyHeaders {
    static final String DROPPED = "x-anyrouter-dropped-params";

    private ReplyHeaders() {}

    static void apply(HttpClientResponse from, HttpServerResponse to, ChatExchange exchange, List<String> dropped) {
        String requestId = from.getHeader("x-request-id");
        if (requestId == null) requestId = from.getHeader("request-id");
        if (requestId != null) to.putHeader("x-upstream-request-id", requestId);
        to.putHeader("x-anyrouter-request-id", exchange.id);
        // Credits can serve a translated request too (the credits fall-through walks the same steps).
        to.putHeader("x-anyrouter-billing", exchange.attempt == null ? "byok" : exchange.attempt.billing().wireName());
        if (!dropped.isEmpty()) to.putHeader(DROPPED, String.join(", ", dropped));
    }
}
