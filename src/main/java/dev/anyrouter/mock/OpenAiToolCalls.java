package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Tool calls on the OpenAI chat wire: reading {@code tools}, {@code tool_choice} and
 * {@code parallel_tool_calls} from a request, and writing the calls as a message's
 * {@code tool_calls} or as the {@code delta.tool_calls} fragments of a stream.
 */
final class OpenAiToolCalls {

    private final JsonCodec json;
    private final Ids ids;

    OpenAiToolCalls(JsonCodec json, Ids ids) {
        this.json = json;
        this.ids = ids;
    }

    /** What a chat request offers in tools. */
    static ToolOffer offer(JsonNode root, JsonNode messages) {
        List<String> declared = new ArrayList<>();
        for (JsonNode tool : root.path("tools")) {
            if ("function".equals(tool.path("type").asText()) && tool.path("function").path("name").isTextual()) {
                declared.add(tool.path("function").path("name").asText());
            }
        }
        ToolOffer.Choice choice = ToolOffer.Choice.AUTO;
        String forced = null;
        JsonNode toolChoice = root.path("tool_choice");
        if (toolChoice.isTextual()) {
            choice = switch (toolChoice.asText()) {
                case "none" -> ToolOffer.Choice.FORBIDDEN;
                case "required" -> ToolOffer.Choice.REQUIRED;
                default -> ToolOffer.Choice.AUTO;
            };
        } else if (toolChoice.path("function").path("name").isTextual()) {
            choice = ToolOffer.Choice.REQUIRED;
            forced = toolChoice.path("function").path("name").asText();
        }
        boolean parallel = !root.path("parallel_tool_calls").isBoolean() || root.get("parallel_tool_calls").booleanValue();
        return new ToolOffer(declared, ToolOffer.lastUserText(messages), choice, forced, parallel);
    }

    /** A fresh call id in OpenAI's style. */
    String newId() {
        return "call_" + ids.alphanumeric(24);
    }

    /** The assistant message of a non-streamed answer that calls tools: no content, the calls. */
    ObjectNode message(List<ToolCall> calls) {
        ObjectNode message = json.object().put("role", "assistant");
        message.putNull("content");
        ArrayNode toolCalls = message.putArray("tool_calls");
        for (ToolCall call : calls) {
            ObjectNode entry = toolCalls.addObject().put("id", newId()).put("type", "function");
            entry.putObject("function").put("name", call.name()).put("arguments", call.argumentsJson(json));
        }
        message.putNull("refusal");
        message.putArray("annotations");
        return message;
    }

    /**
     * A stream's deltas for {@code calls}: each call opens with its index, id, type, name and
     * empty arguments (the first together with the assistant's role), then its arguments follow
     * a fragment per chunk.
     */
    OnDemand<String> deltas(List<ToolCall> calls) {
        List<String> choices = new ArrayList<>();
        for (int index = 0; index < calls.size(); index++) {
            ToolCall call = calls.get(index);
            String header = "{\"index\":" + index + ",\"id\":\"" + newId() + "\",\"type\":\"function\",\"function\":"
                    + "{\"name\":" + JsonCodec.quote(call.name()) + ",\"arguments\":\"\"}}";
            String delta = index == 0
                    ? "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + header + "],\"refusal\":null}"
                    : "{\"tool_calls\":[" + header + "]}";
            choices.add(choice(delta));
            for (String fragment : call.argumentFragments(json)) {
                choices.add(choice("{\"tool_calls\":[{\"index\":" + index + ",\"function\":{\"arguments\":"
                        + JsonCodec.quote(fragment) + "}}]}"));
            }
        }
        return OnDemand.of(choices);
    }

    private static String choice(String delta) {
        return "{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":null}";
    }
}
