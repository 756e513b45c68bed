package dev.anyrouter.protocol;

import dev.anyrouter.protocol.sse.SseEvent;
import java.util.List;

/**
 * Everything one wire knows, pure and without I/O: requests, replies and stream events, each
 * way between the wire's JSON and the neutral model: the client's half and the upstream's.
 */
public interface WireCodec extends ClientCodec, UpstreamCodec {
    /**
     * Turns one wire's stream events into neutral events: server-sent events, or the messages of
     * another framing read as events ({@link StreamFraming}). One per stream; not thread-safe.
     */
    interface StreamDecoder {
        List<StreamEvent> accept(SseEvent event);

        /** The upstream's body ended: whatever closes the stream, if the wire ends implicitly. */
        List<StreamEvent> end();
    }

    /** Turns neutral events into one wire's server-sent event bytes. One per stream; not thread-safe. */
    interface StreamEncoder {
        /** The bytes for this event; empty when the wire has nothing to say for it. */
        byte[] encode(StreamEvent event);
    }
}
