package dev.anyrouter.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code messages} array of a wire that wants user and assistant turns to alternate
 * (Anthropic's Messages, Bedrock's Converse): a turn of the same role as the one before it adds its
 * blocks to that turn instead of starting a new one. Used by one encoder for one request.
 */
public final class AlternatingTurns {
    private final ArrayNode messages;
    private ObjectNode last;

    public AlternatingTurns(ArrayNode messages) {
        this.messages = messages;
    }

    /** The content array a turn of {@code role} adds its blocks to. */
    public ArrayNode content(String role) {
        if (last == null || !last.path("role").asText().equals(role)) {
            last = messages.addObject().put("role", role);
            last.putArray("content");
        }
        return (ArrayNode) last.get("content");
    }
}
