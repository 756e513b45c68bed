package dev.anyrouter.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The mock's own Jackson mapper (shared with nothing of the gateway's), with unchecked helpers. */
final class JsonCodec {

    private final ObjectMapper mapper = new ObjectMapper();

    ObjectMapper mapper() {
        return mapper;
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    ArrayNode array() {
        return mapper.createArrayNode();
    }

    /** The tree of {@code body}, or {@code null} when it is not JSON. */
    JsonNode readOrNull(Buffer body) {
        if (body.length() == 0) {
            return null;
        }
        try {
            return mapper.readTree(body.getBytes());
        } catch (IOException e) {
            return null;
        }
    }

    Buffer bytes(JsonNode tree) {
        try {
            return Buffer.buffer(mapper.writeValueAsBytes(tree));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text(JsonNode tree) {
        try {
            return mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code value} as a JSON string literal, quotes included (no mapper needed, so callable without one). */
    static String quote(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }
}
