package dev.anyrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.sse.SseEvent;
import java.util.List;

/**
 * Everything one wire knows, pure and without I/O: requests, replies and stream events, each
 * way between the wire's JSON and the neutral model.
 */
public interface WireCodec {
    /**
     * Decodes a client request; a field that has no neutral equivalent and would change the
     * answer throws {@link UnsupportedFieldException}, one that is a pure hint is listed in
     * {@link ModelRequest#dropped()}.
     */
    ModelRequest decodeRequest(JsonNode body);

    /** Encodes a request for this wire's upstream; may throw {@link UnsupportedFieldException}. */
    EncodedRequest encodeRequest(ModelRequest request);

    ModelReply decodeReply(JsonNode body);

    /** @param createdEpochSeconds the creation time the wire's reply states (OpenAI {@code created}) */
    ObjectNode encodeReply(ModelReply reply, long createdEpochSeconds);

    /** A decoder for one stream of this wire's events. */
    StreamDecoder streamDecoder();

    /** An encoder for one stream to a client of this wire. */
    StreamEncoder streamEncoder(long createdEpochSeconds, boolean includeUsage);

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
