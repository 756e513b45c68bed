package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.ModelIdLimits;

/** What every request body on an OpenAI wire must be before anything else is read: an object naming a model. */
final class OpenAiRequestBodies {
    private OpenAiRequestBodies() {}

    static ObjectNode parse(byte[] body, ModelIdLimits limits) {
        JsonNode node = Json.parse(body);
        if (!(node instanceof ObjectNode tree)) throw new MalformedJsonException("the request body must be a JSON object");
        JsonNode model = tree.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw new MalformedJsonException("'model' is required and must be a non-empty string");
        }
        limits.check("model", model.asText());
        return tree;
    }
}
