package dev.anyrouter.mock;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * Writes one event stream, one event per event-loop turn (or per {@code chunk_interval_ms}), so
 * each event leaves in its own flush, as a real provider's stream does; honours back-pressure and
 * stops when the client goes away. Applies the script's stream faults (cut, no terminator, stall
 * after the first event or mid-stream, an error event mid-stream).
 */
final class SsePump {

    private final Vertx vertx;
    private final Context context;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final SseFrames frames;
    private final long intervalMs;
    private final Fault fault;
    private final int dropAt;
    private int next;

    private SsePump(Vertx vertx, HttpServerRequest request, SseFrames frames, Script script) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.request = request;
        this.response = request.response();
        this.frames = frames;
        this.intervalMs = script.chunkIntervalMs();
        this.fault = script.fault();
        // Cut after about half the events, but always after at least one so the client has seen bytes.
        this.dropAt = switch (fault) {
            case DROP_MID_STREAM, ERROR_MID_STREAM, STALL_MID_STREAM -> Math.max(1, frames.count() / 2);
            default -> -1;
        };
    }

    /** Starts streaming; the response's headers must already be set. */
    static void start(Vertx vertx, HttpServerRequest request, SseFrames frames, Script script) {
        request.response().setChunked(true);
        new SsePump(vertx, request, frames, script).writeNext();
    }

    private void writeNext() {
        if (response.closed() || response.ended()) {
            return;
        }
        if (next == 1 && fault == Fault.HANG_AFTER_FIRST_CHUNK) {
            // Stall with the connection open; Vert.x lets the request go when the client closes it.
            return;
        }
        if (next == dropAt) {
            switch (fault) {
                case ERROR_MID_STREAM -> response.end(frames.error("upstream overloaded while serving key " + presentedKey()));
                case STALL_MID_STREAM -> { } // nothing more, ever: Vert.x lets the request go when the client closes
                default -> cut();
            }
            return;
        }
        if (next == frames.count()) {
            if (next == 0 && fault == Fault.HANG_AFTER_FIRST_CHUNK) {
                // A one-event stream (Gemini's tool call): its only event is the first chunk to stall after.
                response.write(frames.terminator());
                return;
            }
            if (fault == Fault.NO_DONE) {
                response.end();
            } else {
                response.end(frames.terminator());
            }
            return;
        }
        response.write(frames.frame(next++));
        if (response.writeQueueFull()) {
            response.drainHandler(ignored -> {
                response.drainHandler(null);
                scheduleNext();
            });
        } else {
            scheduleNext();
        }
    }

    private void scheduleNext() {
        if (intervalMs > 0) {
            vertx.setTimer(intervalMs, ignored -> writeNext());
        } else {
            context.runOnContext(ignored -> writeNext());
        }
    }

    /** The key the request was made with, in whichever header or parameter its wire carries it. */
    private String presentedKey() {
        String bearer = request.getHeader("authorization");
        if (bearer != null && bearer.startsWith("Bearer ")) return bearer.substring(7);
        for (String header : new String[] {"x-api-key", "x-goog-api-key"}) {
            if (request.getHeader(header) != null) return request.getHeader(header);
        }
        return String.valueOf(request.getParam("key"));
    }

    private void cut() {
        if (request.version() == HttpVersion.HTTP_2) {
            response.reset();
        } else {
            request.connection().close();
        }
    }
}
