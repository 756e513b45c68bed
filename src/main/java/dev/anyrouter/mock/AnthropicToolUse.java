package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Tool use on the Anthropic Messages wire: reading {@code tools} and {@code tool_choice} from a
 * request, and writing the calls as {@code tool_use} content blocks or as their stream events
 * (an empty {@code input_json_delta} first, as Anthropic sends, then the input in fragments).
 */
final class AnthropicToolUse {

    private final JsonCodec json;
    private final Ids ids;

    AnthropicToolUse(JsonCodec json, Ids ids) {
        this.json = json;
        this.ids = ids;
    }

    /** What a messages request offers in tools; server tools (typed, e.g. web search) are not the model's to call here. */
    static ToolOffer offer(JsonNode root) {
        List<String> declared = new ArrayList<>();
        for (JsonNode tool : root.path("tools")) {
            String type = tool.path("type").asText("custom");
            if (type.equals("custom") && tool.path("name").isTextual()) {
                declared.add(tool.path("name").asText());
            }
        }
        JsonNode toolChoice = root.path("tool_choice");
        String forced = null;
        ToolOffer.Choice choice = switch (toolChoice.path("type").asText("auto")) {
            case "none" -> ToolOffer.Choice.FORBIDDEN;
            case "any" -> ToolOffer.Choice.REQUIRED;
            case "tool" -> ToolOffer.Choice.REQUIRED;
            default -> ToolOffer.Choice.AUTO;
        };
        if ("tool".equals(toolChoice.path("type").asText()) && toolChoice.path("name").isTextual()) {
            forced = toolChoice.path("name").asText();
        }
        boolean parallel = !toolChoice.path("disable_parallel_tool_use").asBoolean(false);
        return new ToolOffer(declared, ToolOffer.lastUserText(root.path("messages")), choice, forced, parallel);
    }

    private String newId() {
        return "toolu_01" + ids.alphanumeric(22);
    }

    /** Adds one {@code tool_use} block per call to a message's {@code content}. */
    void addBlocks(ArrayNode content, List<ToolCall> calls) {
        for (ToolCall call : calls) {
            ObjectNode block = content.addObject().put("type", "tool_use").put("id", newId()).put("name", call.name());
            block.putObject("input").put("location", call.location());
        }
    }

    /** The stream events of the calls' blocks, a {@code ping} after the first block opens. */
    OnDemand<Buffer> blocks(List<ToolCall> calls) {
        List<Buffer> events = new ArrayList<>();
        for (int index = 0; index < calls.size(); index++) {
            ToolCall call = calls.get(index);
            events.add(AnthropicStream.event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                    + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"" + newId() + "\",\"name\":"
                    + JsonCodec.quote(call.name()) + ",\"input\":{}}}"));
            if (index == 0) {
                events.add(AnthropicStream.PING);
            }
            List<String> fragments = new ArrayList<>(List.of(""));
            fragments.addAll(call.argumentFragments(json));
            for (String fragment : fragments) {
                events.add(AnthropicStream.event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":"
                        + index + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + JsonCodec.quote(fragment) + "}}"));
            }
            events.add(AnthropicStream.event("content_block_stop",
                    "{\"type\":\"content_block_stop\",\"index\":" + index + "}"));
        }
        return OnDemand.of(events);
    }
}
