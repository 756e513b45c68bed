package dev.anyrouter.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.providers.exchange.ClientWire;
import dev.anyrouter.routing.Preset;
import java.util.Map;

/**
 * A preset applied to a client's request, in the client's wire: its first model stands in for
 * {@code @preset/…} (the router walks the preset's whole list, so any {@code models} of the request
 * go), its system prompt goes before the request's own instructions, and its default parameters
 * fill the fields the request leaves out (what the request sets wins).
 */
final class PresetDefaults {
    private PresetDefaults() {}

    static ObjectNode apply(ObjectNode tree, Preset preset, ClientWire wire) {
        tree.put("model", preset.models().getFirst());
        tree.remove("models");
        for (Map.Entry<String, JsonNode> p : preset.parameters().properties()) {
            if (!tree.has(p.getKey()) || tree.get(p.getKey()).isNull()) tree.set(p.getKey(), p.getValue());
        }
        if (preset.systemPrompt() != null && !preset.systemPrompt().isBlank()) {
            switch (wire) {
                case OPENAI -> openAiSystem(tree, preset.systemPrompt());
                case ANTHROPIC -> anthropicSystem(tree, preset.systemPrompt());
            }
        }
        return tree;
    }

    private static void openAiSystem(ObjectNode tree, String prompt) {
        JsonNode messages = tree.get("messages");
        if (!(messages instanceof ArrayNode list)) return; // the parser refuses the request with its own message
        ObjectNode system = list.objectNode().put("role", "system").put("content", prompt);
        list.insert(0, system);
    }

    private static void anthropicSystem(ObjectNode tree, String prompt) {
        JsonNode system = tree.get("system");
        if (system == null || system.isNull()) {
            tree.put("system", prompt);
        } else if (system.isTextual()) {
            tree.put("system", prompt + "\n\n" + system.asText());
        } else if (system instanceof ArrayNode blocks) {
            blocks.insert(0, blocks.objectNode().put("type", "text").put("text", prompt));
        }
    }
}
