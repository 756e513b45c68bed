package dev.anyrouter.protocol.anthropic;

import static dev.anyrouter.protocol.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.JsonFields;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.Part;
import dev.anyrouter.protocol.StopReason;
import dev.anyrouter.protocol.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic {@code message} objects ⇄ neutral replies, with the stop-reason and usage mappings.
 * Anthropic reports cache reads and writes apart from {@code input_tokens}; the neutral usage
 * counts them in, so they are added on the way in and taken out on the way back.
 */
public final class AnthropicReplies {
    private AnthropicReplies() {}

    static ModelReply decode(JsonNode body) {
        List<Part> content = new ArrayList<>();
        for (JsonNode block : body.path("content")) {
            switch (block.path("type").asText("")) {
                case "text" -> content.add(new Part.Text(block.path("text").asText("")));
                case "thinking" -> content.add(new Part.Thinking(block.path("thinking").asText(""), text(block, "signature")));
                case "redacted_thinking" -> content.add(new Part.RedactedThinking(block.path("data").asText("")));
                case "tool_use" -> content.add(new Part.ToolCall(block.path("id").asText(), block.path("name").asText(),
                        JsonFields.compact(block.has("input") ? block.get("input") : Json.object())));
                default -> { } // server tool blocks are refused on the way in, so never asked for
            }
        }
        return new ModelReply(text(body, "id"), text(body, "model"), content, stopReason(body.path("stop_reason").asText(null)),
                text(body, "stop_sequence"), usage(body.get("usage")));
    }

    static ObjectNode encode(ModelReply reply) {
        ObjectNode root = Json.object();
        root.put("id", reply.id());
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", reply.model());
        ArrayNode content = root.putArray("content");
        for (Part part : reply.content()) {
            switch (part) {
                case Part.Text t -> content.addObject().put("type", "text").put("text", t.text());
                case Part.Thinking th -> content.addObject().put("type", "thinking").put("thinking", th.text())
                        .put("signature", th.signature() == null ? "" : th.signature());
                case Part.RedactedThinking r -> content.addObject().put("type", "redacted_thinking").put("data", r.data());
                case Part.ToolCall call -> {
                    ObjectNode b = content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name());
                    b.set("input", parseOrWrap(call.arguments()));
                }
                default -> { }
            }
        }
        root.put("stop_reason", stopReasonName(reply.stopReason()));
        if (reply.stopSequence() == null) root.putNull("stop_sequence");
        else root.put("stop_sequence", reply.stopSequence());
        root.set("usage", usageNode(reply.usage(), true));
        return root;
    }

    /** Arguments an upstream produced that are not a JSON object still reach the client, wrapped. */
    static JsonNode parseOrWrap(String arguments) {
        try {
            JsonNode parsed = Json.MAPPER.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
            if (parsed != null && parsed.isObject()) return parsed;
        } catch (Exception ignored) {
            // fall through
        }
        return Json.object().put("_raw_arguments", arguments);
    }

    static StopReason stopReason(String name) {
        if (name == null) return null;
        return switch (name) {
            case "end_turn" -> StopReason.END_TURN;
            case "max_tokens" -> StopReason.MAX_TOKENS;
            case "stop_sequence" -> StopReason.STOP_SEQUENCE;
            case "tool_use" -> StopReason.TOOL_USE;
            case "pause_turn" -> StopReason.PAUSE_TURN;
            case "refusal" -> StopReason.REFUSAL;
            case "model_context_window_exceeded" -> StopReason.CONTEXT_WINDOW_EXCEEDED;
            default -> StopReason.OTHER;
        };
    }

    static String stopReasonName(StopReason reason) {
        if (reason == null) return "end_turn";
        return switch (reason) {
            case END_TURN, OTHER -> "end_turn";
            case MAX_TOKENS -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
            case TOOL_USE -> "tool_use";
            case PAUSE_TURN -> "pause_turn";
            case CONTENT_FILTER, REFUSAL -> "refusal";
            case CONTEXT_WINDOW_EXCEEDED -> "model_context_window_exceeded";
        };
    }

    /** The neutral usage of an Anthropic {@code usage} object, or null when there is none. */
    public static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) return null;
        long read = usage.path("cache_read_input_tokens").asLong(0);
        long write = usage.path("cache_creation_input_tokens").asLong(0);
        return new Usage(usage.path("input_tokens").asLong(0) + read + write, usage.path("output_tokens").asLong(0),
                read, write, usage.path("output_tokens_details").path("thinking_tokens").asLong(0), webSearches(usage));
    }

    /** The web searches an Anthropic {@code usage} object says the server tool ran ({@code server_tool_use.web_search_requests}). */
    public static long webSearches(JsonNode usage) {
        return Math.max(0, usage.path("server_tool_use").path("web_search_requests").asLong(0));
    }

    static ObjectNode usageNode(Usage usage, boolean withInput) {
        ObjectNode node = Json.object();
        if (withInput) {
            node.put("input_tokens", usage.uncachedInputTokens());
            node.put("cache_creation_input_tokens", usage.cacheWriteTokens());
            node.put("cache_read_input_tokens", usage.cachedTokens());
        }
        node.put("output_tokens", usage.outputTokens());
        if (usage.reasoningTokens() > 0) node.putObject("output_tokens_details").put("thinking_tokens", usage.reasoningTokens());
        return node;
    }
}
