package dev.anyrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The half of a wire the gateway calls upstream: neutral requests encoded for it, and its answers
 * (whole or streamed) decoded. Every {@link WireCodec} is one; a wire no client speaks (Bedrock's
 * Converse) may be only this, as a wire the gateway only serves to clients may be only a
 * {@link ClientCodec}.
 */
public interface UpstreamCodec {
    /** Encodes a request for this wire's upstream; may throw {@link UnsupportedFieldException}. */
    EncodedRequest encodeRequest(ModelRequest request);

    ModelReply decodeReply(JsonNode body);

    /** A decoder for one stream of this wire's events. */
    WireCodec.StreamDecoder streamDecoder();
}
