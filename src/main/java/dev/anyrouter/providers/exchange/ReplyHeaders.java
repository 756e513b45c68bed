package dev.anyrouter.providers.exchange;

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
public final class ReplyHeaders {
    static final String DROPPED = "x-anyrouter-dropped-params";
    public static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("x-anyrouter-request-id");
    public static final CharSequence BILLING = HttpHeaders.createOptimized("x-anyrouter-billing");
    /** The output limit the gateway gave the upstream: what the credit held for the request pays for. */
    public static final CharSequence MAX_TOKENS = HttpHeaders.createOptimized("x-anyrouter-max-tokens");
    static final CharSequence UPSTREAM_REQUEST_ID = HttpHeaders.createOptimized("x-upstream-request-id");
    /** The upstream's own request id: OpenAI's name for it, then Anthropic's. */
    private static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized("x-request-id");
    private static final CharSequence ANTHROPIC_REQUEST_ID = HttpHeaders.createOptimized("request-id");

    private ReplyHeaders() {}

    /** The request's id and who pays for it. */
    public static void stamp(HttpServerResponse to, String requestId, String billing) {
        to.putHeader(REQUEST_ID, requestId);
        to.putHeader(BILLING, billing);
    }

    /** A translated answer's: the upstream's request id, the request's id and payer, the hints that were dropped. */
    static void translated(HttpClientResponse from, Reply reply, List<String> dropped) {
        copyUpstreamRequestId(from, reply.out());
        stamp(reply.out(), reply.requestId(), reply.billing());
        if (!dropped.isEmpty()) reply.out().putHeader(DROPPED, String.join(", ", dropped));
    }

    /**
     * A passed-through answer's: its content type and request id as the upstream sent them, the
     * request's id and payer, and the fields the upstream's quirks removed from the request.
     */
    static void passedThrough(HttpClientResponse from, Reply reply, List<String> dropped) {
        HttpServerResponse to = reply.out();
        String contentType = from.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null) to.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        copyUpstreamRequestId(from, to);
        stamp(to, reply.requestId(), reply.billing());
        if (!dropped.isEmpty()) to.putHeader(DROPPED, String.join(", ", dropped));
    }

    /** The upstream's request id, if it sent one, as {@code x-upstream-request-id}. */
    private static void copyUpstreamRequestId(HttpClientResponse from, HttpServerResponse to) {
        String requestId = from.getHeader(X_REQUEST_ID);
        if (requestId == null) requestId = from.getHeader(ANTHROPIC_REQUEST_ID);
        if (requestId != null) to.putHeader(UPSTREAM_REQUEST_ID, requestId);
    }
}
