package dev.anyrouter.protocol.openai;

import static dev.anyrouter.protocol.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.Part;
import dev.anyrouter.protocol.StopReason;
import dev.anyrouter.protocol.Usage;
import java.util.ArrayList;
import java.util.List;

/** OpenAI {@code chat.completion} objects ⇄ neutral replies, with the stop-reason and usage mappings. */
final class OpenAiReplies {
    private OpenAiReplies() {}

    static ModelReply decode(JsonNode body) {
        JsonNode choice = body.path("choices").path(0);
        JsonNode message = choice.path("message");
        List<Part> content = new ArrayList<>();
        String reasoning = reasoningText(message);
        if (reasoning != null && !reasoning.isEmpty()) content.add(new Part.Thinking(reasoning, null));
        String text = message.path("content").isTextual() ? message.get("content").asText() : null;
        if (text != null && !text.isEmpty()) content.add(new Part.Text(text));
        String refusal = text(message, "refusal");
        if (refusal != null && !refusal.isEmpty()) content.add(new Part.Text(refusal));
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode fn = call.path("function");
            content.add(new Part.ToolCall(call.path("id").asText(), fn.path("name").asText(), fn.path("arguments").asText("{}")));
        }
        StopReason reason = refusal != null && !refusal.isEmpty() ? StopReason.REFUSAL
                : stopReason(choice.path("finish_reason").asText(null));
        Usage usage = usage(body.get("usage"));
        return new ModelReply(text(body, "id"), text(body, "model"), content, reason, null, usage);
    }

    /** DeepSeek and vLLM name it {@code reasoning_content}; OpenRouter {@code reasoning}. */
    static String reasoningText(JsonNode messageOrDelta) {
        JsonNode r = messageOrDelta.get("reasoning_content");
        if (r == null || !r.isTextual()) r = messageOrDelta.get("reasoning");
        return r != null && r.isTextual() ? r.asText() : null;
    }

    static ObjectNode encode(ModelReply reply, long created) {
        ObjectNode root = Json.object();
        root.put("id", reply.id());
        root.put("object", "chat.completion");
        root.put("created", created);
        root.put("model", reply.model());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ArrayNode calls = Json.MAPPER.createArrayNode();
        for (Part part : reply.content()) {
            switch (part) {
                case Part.Text t -> text.append(t.text());
                case Part.Thinking th -> reasoning.append(th.text());
                case Part.ToolCall call -> {
                    ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
                    c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                }
                default -> { } // redacted reasoning, images and results never appear in a reply's text
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) message.putNull("content");
        else message.put("content", text.toString());
        message.putNull("refusal");
        if (!reasoning.isEmpty()) message.put("reasoning_content", reasoning.toString());
        if (!calls.isEmpty()) message.set("tool_calls", calls);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(reply.stopReason()));
        root.set("usage", usageNode(reply.usage()));
        return root;
    }

    static StopReason stopReason(String finishReason) {
        if (finishReason == null) return null;
        return switch (finishReason) {
            case "stop" -> StopReason.END_TURN;
            case "length" -> StopReason.MAX_TOKENS;
            case "tool_calls", "function_call" -> StopReason.TOOL_USE;
            case "content_filter" -> StopReason.CONTENT_FILTER;
            default -> StopReason.OTHER;
        };
    }

    static String finishReason(StopReason reason) {
        if (reason == null) return "stop";
        return switch (reason) {
            case END_TURN, STOP_SEQUENCE, PAUSE_TURN, OTHER -> "stop";
            case MAX_TOKENS, CONTEXT_WINDOW_EXCEEDED -> "length";
            case TOOL_USE -> "tool_calls";
            case CONTENT_FILTER, REFUSAL -> "content_filter";
        };
    }

    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) return null;
        return new Usage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0),
                usage.path("prompt_tokens_details").path("cached_tokens").asLong(0), 0,
                usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
    }

    static ObjectNode usageNode(Usage usage) {
        ObjectNode node = Json.object();
        node.put("prompt_tokens", usage.inputTokens());
        node.put("completion_tokens", usage.outputTokens());
        node.put("total_tokens", usage.inputTokens() + usage.outputTokens());
        node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
        node.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        return node;
    }
}
