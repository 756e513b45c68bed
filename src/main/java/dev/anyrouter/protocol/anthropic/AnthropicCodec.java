package dev.anyrouter.protocol.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.EncodedRequest;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.WireCodec;

/** The Anthropic Messages wire, for clients of {@code /v1/messages} and for Anthropic upstreams. */
public final class AnthropicCodec implements WireCodec {
    @Override
    public ModelRequest decodeRequest(JsonNode body) {
        return AnthropicRequestDecoder.decode(body);
    }

    @Override
    public EncodedRequest encodeRequest(ModelRequest request) {
        return AnthropicRequestEncoder.encode(request);
    }

    @Override
    public ModelReply decodeReply(JsonNode body) {
        return AnthropicReplies.decode(body);
    }

    @Override
    public ObjectNode encodeReply(ModelReply reply, long createdEpochSeconds) {
        return AnthropicReplies.encode(reply);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new AnthropicStreamDecoder();
    }

    @Override
    public StreamEncoder streamEncoder(long createdEpochSeconds, boolean includeUsage) {
        return new AnthropicStreamEncoder();
    }
}
