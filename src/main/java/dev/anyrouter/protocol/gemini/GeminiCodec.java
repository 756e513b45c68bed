package dev.anyrouter.protocol.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.EncodedRequest;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.WireCodec;

/**
 * The Gemini {@code generateContent} wire. A Gemini body does not name its model or whether it
 * streams (the URL does), so {@link #decodeRequest} reads them as unset; use
 * {@link #decodeRequest(JsonNode, String, boolean)} when the URL is known.
 */
public final class GeminiCodec implements WireCodec {
    @Override
    public ModelRequest decodeRequest(JsonNode body) {
        return GeminiRequestDecoder.decode(body, null, false);
    }

    public ModelRequest decodeRequest(JsonNode body, String model, boolean stream) {
        return GeminiRequestDecoder.decode(body, model, stream);
    }

    @Override
    public EncodedRequest encodeRequest(ModelRequest request) {
        return GeminiRequestEncoder.encode(request);
    }

    @Override
    public ModelReply decodeReply(JsonNode body) {
        return GeminiReplies.decode(body);
    }

    @Override
    public ObjectNode encodeReply(ModelReply reply, long createdEpochSeconds) {
        return GeminiReplies.encode(reply);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new GeminiStreamDecoder();
    }

    @Override
    public StreamEncoder streamEncoder(long createdEpochSeconds, boolean includeUsage) {
        return new GeminiStreamEncoder();
    }
}
