package dev.anyrouter.mock;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The faults that replace a wire's answer whole, the same for every wire: a stall after the
 * headers, a drip, malformed JSON, an endless SSE line, a flood of keep-alives, a gigabyte body, an HTML page. Each writes
 * with back-pressure and stops when the client goes away, so a fault costs the mock nothing.
 */
final class WireFaults {
    /** The size of {@link Fault#HUGE_BODY}. */
    static final long HUGE_BYTES = 1L << 30;
    static final long DRIP_INTERVAL_MS = 100;

    private static final Buffer FILL = Buffer.buffer(filled(64 * 1024, (byte) 'x'));
    private static final Buffer PINGS = Buffer.buffer(": ping\n\n".repeat(8 * 1024));

    private WireFaults() {}

    static void send(Vertx vertx, HttpServerRequest request, boolean stream, Fault fault) {
        HttpServerResponse response = request.response().setStatusCode(200).setChunked(true);
        String type = stream ? "text/event-stream" : "application/json";
        switch (fault) {
            case STALL_AFTER_HEADERS -> response.putHeader("content-type", type).writeHead();
            case DRIP -> {
                response.putHeader("content-type", type).writeHead();
                drip(vertx, response, stream ? ": " : "{\"id\":\"drip\",", 0);
            }
            case MALFORMED_JSON -> response.putHeader("content-type", type).end(stream
                    ? "data: {\"id\":\"bad\",\"choices\":[{\"delta\":{\"content\":\"hel\n\ndata: [DONE]\n\n"
                    : "{\"id\":\"bad\",\"choices\":[{\"message\":{\"content\":\"hel");
            case ENDLESS_SSE_LINE -> {
                response.putHeader("content-type", "text/event-stream").write("data: ");
                pour(response, FILL, Long.MAX_VALUE, null);
            }
            case PING_FLOOD -> {
                response.putHeader("content-type", "text/event-stream");
                pour(response, PINGS, Long.MAX_VALUE, null);
            }
            case HUGE_BODY -> {
                response.putHeader("content-type", "application/json").write("{\"id\":\"huge\",\"pad\":\"");
                pour(response, FILL, HUGE_BYTES, "\"}");
            }
            case HTML_PAGE -> response.putHeader("content-type", "text/html; charset=utf-8").end(
                    "<!DOCTYPE html><html><head><title>Sign in to the network</title></head>"
                            + "<body><h1>Welcome</h1><p>Please sign in to continue.</p></body></html>");
            default -> throw new IllegalArgumentException(fault + " does not replace an answer");
        }
    }

    /** One byte of {@code text}, then spaces, every {@link #DRIP_INTERVAL_MS}, until the client closes. */
    private static void drip(Vertx vertx, HttpServerResponse response, String text, int at) {
        if (response.closed()) return;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.write(Buffer.buffer(new byte[] {at < bytes.length ? bytes[at] : (byte) ' '}));
        vertx.setTimer(DRIP_INTERVAL_MS, ignored -> drip(vertx, response, text, at + 1));
    }

    /** Writes {@code chunk} until {@code total} bytes left (or the client went), then {@code tail} and ends. */
    private static void pour(HttpServerResponse response, Buffer chunk, long total, String tail) {
        long[] sent = {0};
        Runnable[] more = new Runnable[1];
        more[0] = () -> {
            while (!response.closed() && !response.writeQueueFull() && sent[0] < total) {
                response.write(chunk);
                sent[0] += chunk.length();
            }
            if (response.closed()) return;
            if (sent[0] >= total) {
                response.end(tail == null ? "" : tail);
            } else {
                response.drainHandler(v -> more[0].run());
            }
        };
        more[0].run();
    }

    private static byte[] filled(int n, byte b) {
        byte[] out = new byte[n];
        Arrays.fill(out, b);
        return out;
    }
}
