package dev.anyrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The half of a wire a client speaks: its requests decoded into the neutral model, and neutral
 * answers (whole or streamed) encoded for it. Every {@link WireCodec} is one; a wire the gateway
 * only ever serves to clients (OpenAI Responses) may be only this.
 */
public interface ClientCodec {
    /**
     * Decodes a client request; a field that has no neutral equivalent and would change the
     * answer throws {@link UnsupportedFieldException}, one that is a pure hint is listed in
     * {@link ModelRequest#dropped()}.
     */
    ModelRequest decodeRequest(JsonNode body);

    /** @param createdEpochSeconds the creation time the wire's reply states (OpenAI {@code created}) */
    ObjectNode encodeReply(ModelReply reply, long createdEpochSeconds);

    /** An encoder for one stream to a client of this wire. */
    WireCodec.StreamEncoder streamEncoder(long createdEpochSeconds, boolean includeUsage);
}
