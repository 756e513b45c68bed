package dev.anyrouter.inference;

import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * The headers the gateway adds to every inference answer it relays or translates.
 *
 * <p>The names are pre-built {@code AsciiString}s ({@link HttpHeaders#createOptimized}): Vert.x
 * still validates them on every {@code putHeader}, but over bytes, with the hash computed once
 * rather than per request, and it writes them to the wire with one array copy.
 */
final class ReplyHeaders {
    static final String DROPPED = "x-anyrouter-dropped-params";
    static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("x-anyrouter-request-id");
    static final CharSequence BILLING = HttpHeaders.createOptimized("x-anyrouter-billing");
    static final CharSequence UPSTREAM_REQUEST_ID = HttpHeaders.createOptimized("x-upstream-request-id");
    /** The upstream's own request id: OpenAI's name for it, then Anthropic's. */
    private static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized("x-request-id");
    private static final CharSequence ANTHROPIC_REQUEST_ID = HttpHeaders.createOptimized("request-id");

    private ReplyHeaders() {}

    static void apply(HttpClientResponse from, HttpServerResponse to, ChatExchange exchange, List<String> dropped) {
        copyUpstreamRequestId(from, to);
        to.putHeader(REQUEST_ID, exchange.id);
        // Credits can serve a translated request too (the credits fall-through walks the same steps).
        to.putHeader(BILLING, exchange.attempt == null ? "byok" : exchange.attempt.billing().wireName());
        if (!dropped.isEmpty()) to.putHeader(DROPPED, String.join(", ", dropped));
    }

    /** The upstream's request id, if it sent one, as {@code x-upstream-request-id}. */
    static void copyUpstreamRequestId(HttpClientResponse from, HttpServerResponse to) {
        String requestId = from.getHeader(X_REQUEST_ID);
        if (requestId == null) requestId = from.getHeader(ANTHROPIC_REQUEST_ID);
        if (requestId != null) to.putHeader(UPSTREAM_REQUEST_ID, requestId);
    }
}
