package dev.anyrouter.protocol.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.EncodedRequest;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.UpstreamCodec;
import dev.anyrouter.protocol.WireCodec;

/**
 * Amazon Bedrock's Converse wire, the upstream half only (no client speaks it): one request shape
 * for every Bedrock model (Claude, Llama, Mistral, Nova…), whose body, like Gemini's, names neither
 * the model nor whether it streams (the URL does). ConverseStream's events arrive in AWS's binary
 * event stream; {@link EventStreamFraming} reads them as events this codec's decoder takes.
 */
public final class BedrockCodec implements UpstreamCodec {
    @Override
    public EncodedRequest encodeRequest(ModelRequest request) {
        return ConverseRequestEncoder.encode(request);
    }

    @Override
    public ModelReply decodeReply(JsonNode body) {
        return ConverseReplies.decode(body);
    }

    @Override
    public WireCodec.StreamDecoder streamDecoder() {
        return new ConverseStreamDecoder();
    }
}
