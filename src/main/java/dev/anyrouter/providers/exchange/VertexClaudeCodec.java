package dev.anyrouter.providers.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.EncodedRequest;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.UpstreamCodec;
import dev.anyrouter.protocol.WireCodec;
import dev.anyrouter.protocol.anthropic.AnthropicCodec;

/**
 * Anthropic's Messages as Vertex AI takes them on {@code rawPredict}: the same body, except that
 * the model is named by the URL, not the body, and the version is a body field
 * ({@code "anthropic_version": "vertex-2023-10-16"}) instead of a header.
 */
final class VertexClaudeCodec implements UpstreamCodec {
    static final String VERSION = "vertex-2023-10-16";
    private static final AnthropicCodec ANTHROPIC = new AnthropicCodec();

    @Override
    public EncodedRequest encodeRequest(ModelRequest request) {
        EncodedRequest encoded = ANTHROPIC.encodeRequest(request);
        ObjectNode body = encoded.body();
        body.remove("model");
        body.put("anthropic_version", VERSION);
        return encoded;
    }

    @Override
    public ModelReply decodeReply(JsonNode body) {
        return ANTHROPIC.decodeReply(body);
    }

    @Override
    public WireCodec.StreamDecoder streamDecoder() {
        return ANTHROPIC.streamDecoder();
    }
}
