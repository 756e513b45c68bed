package dev.anyrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.sse.SseEvent;
import java.util.List;

/**
 * Everything one wire knows, pure and without I/O: requests, replies and stream events, each
 * way between the wire's JSON and the neutral model.
 */
public interface WireCodec extends ClientCodec {
    /** Encodes a request for this wire's upstream; may throw {@link UnsupportedFieldException}. */
    EncodedRequest encodeRequest(ModelRequest request);

    ModelReply decodeReply(JsonNode body);

    /** A decoder for one stream of this wire's events. */
    StreamDecoder streamDecoder();

    /** Turns one wire's server-sent events into neutral events. One per stream; not thread-safe. */
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
