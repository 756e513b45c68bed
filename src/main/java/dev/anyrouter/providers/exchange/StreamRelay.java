package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.sse.SseEvent;
import dev.anyrouter.protocol.sse.SseParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;

/**
 * Relays one upstream event stream to the client event by event, as it arrives: never the whole
 * body at once, with back-pressure (the upstream is paused while the client's queue is full).
 * What each upstream event becomes is the {@link Events}' business; the relay reports once how
 * the stream ended (completed, upstream failure, client gone).
 */
public final class StreamRelay {
    /** Turns upstream events into client bytes and keeps track of the stream's state. */
    interface Events {
        /** The client bytes for one upstream event (may be empty). */
        byte[] onEvent(SseEvent event);

        /**
         * The client bytes when the upstream body has ended: whatever closes the client's stream,
         * and the client wire's error event when the upstream stopped short without saying why.
         */
        byte[] onEnd();

        /** The client wire's error event. */
        byte[] errorEvent(String type, String message);

        /** Whether the upstream finished the stream properly. */
        boolean completed();

        Usage usage();
    }

    /** How a relayed stream ended, for its usage record. */
    public record Outcome(int status, String errorCode, Usage usage) {}

    private StreamRelay() {}

    public static void relay(HttpClientResponse response, HttpServerResponse out, Events events,
                      java.util.function.Consumer<Outcome> done) {
        SseParser parser = new SseParser();
        boolean[] finished = new boolean[1];
        out.closeHandler(v -> {
            if (finished[0]) return;
            finished[0] = true;
            response.request().reset();
            done.accept(new Outcome(499, "client_closed", events.usage()));
        });
        response.handler(chunk -> {
            if (finished[0]) return;
            for (SseEvent event : parser.feed(chunk.getBytes())) {
                byte[] bytes = events.onEvent(event);
                if (bytes.length > 0) out.write(Buffer.buffer(bytes));
            }
            if (out.writeQueueFull()) {
                response.pause();
                out.drainHandler(v -> response.resume());
            }
        });
        response.exceptionHandler(failure -> {
            if (finished[0]) return;
            finished[0] = true;
            endWith(out, events.errorEvent("api_error", "the upstream stream failed before it finished"));
            done.accept(new Outcome(502, "upstream_stream_failed", events.usage()));
        });
        response.endHandler(v -> {
            if (finished[0]) return;
            finished[0] = true;
            endWith(out, events.onEnd());
            done.accept(events.completed() ? new Outcome(200, null, events.usage())
                    : new Outcome(502, "upstream_stream_incomplete", events.usage()));
        });
    }

    private static void endWith(HttpServerResponse out, byte[] bytes) {
        if (out.ended() || out.closed()) return;
        if (bytes.length > 0) out.write(Buffer.buffer(bytes));
        out.end();
    }
}
