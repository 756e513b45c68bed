package dev.anyrouter.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A neutral request encoded for one wire: the JSON body, and the client fields that were pure
 * hints the wire cannot carry (dropped, and listed in {@code x-anyrouter-dropped-params}).
 */
public record EncodedRequest(ObjectNode body, List<String> dropped) {
    public EncodedRequest {
        dropped = List.copyOf(dropped);
    }
}
