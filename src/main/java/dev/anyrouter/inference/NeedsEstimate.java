package dev.anyrouter.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.routing.RequestNeeds;
import java.util.Map;
import java.util.Set;

/**
 * What a request needs of a model, read from its JSON in either client wire (OpenAI Chat or
 * Anthropic Messages): a cheap prompt-size estimate (characters of its text, tools included, over
 * four; image data is not text and is not counted), the output room it asks for, whether it
 * carries images and whether it offers tools. Only requests for virtual models pay for this walk.
 */
final class NeedsEstimate {
    private static final Set<String> IMAGE_TYPES = Set.of("image_url", "image", "input_image");
    /** Fields whose strings are image or file data, not text the model reads as tokens. */
    private static final Set<String> DATA_FIELDS = Set.of("image_url", "source", "data", "url", "file_data");
    private static final int CHARS_PER_TOKEN = 4;

    private NeedsEstimate() {}

    static RequestNeeds of(JsonNode body) {
        Walk walk = new Walk();
        walk.visit(body.get("messages"));
        walk.visit(body.get("system"));
        walk.visit(body.get("tools"));
        JsonNode tools = body.get("tools");
        boolean offersTools = tools != null && tools.isArray() && !tools.isEmpty();
        long output = 0;
        for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
            if (body.path(field).canConvertToLong()) {
                output = Math.max(0, body.path(field).asLong());
                break;
            }
        }
        return new RequestNeeds((walk.chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN, output, walk.images, offersTools);
    }

    /** Counts text characters and spots image parts. */
    private static final class Walk {
        long chars;
        boolean images;

        void visit(JsonNode node) {
            if (node == null) return;
            if (node.isTextual()) {
                chars += node.asText().length();
            } else if (node.isArray()) {
                node.forEach(this::visit);
            } else if (node.isObject()) {
                if (IMAGE_TYPES.contains(node.path("type").asText())) images = true;
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (!DATA_FIELDS.contains(field.getKey())) visit(field.getValue());
                }
            }
        }
    }
}
