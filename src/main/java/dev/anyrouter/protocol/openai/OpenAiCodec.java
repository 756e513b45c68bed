package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.EncodedRequest;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.WireCodec;

/** The OpenAI Chat Completions wire, for clients and for OpenAI-compatible upstreams of one dialect. */
public final class OpenAiCodec implements WireCodec {
    private final OpenAiDialect dialect;

    public OpenAiCodec(OpenAiDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public ModelRequest decodeRequest(JsonNode body) {
        return OpenAiRequestDecoder.decode(body);
    }

    @Override
    public EncodedRequest encodeRequest(ModelRequest request) {
        return OpenAiRequestEncoder.encode(request, dialect);
    }

    @Override
    public ModelReply decodeReply(JsonNode body) {
        return OpenAiReplies.decode(body);
    }

    @Override
    public ObjectNode encodeReply(ModelReply reply, long createdEpochSeconds) {
        return OpenAiReplies.encode(reply, createdEpochSeconds);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new OpenAiStreamDecoder();
    }

    @Override
    public StreamEncoder streamEncoder(long createdEpochSeconds, boolean includeUsage) {
        return new OpenAiStreamEncoder(createdEpochSeconds, includeUsage);
    }
}
