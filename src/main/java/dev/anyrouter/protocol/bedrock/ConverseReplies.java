package dev.anyrouter.protocol.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.Part;
import dev.anyrouter.protocol.StopReason;
import dev.anyrouter.protocol.Usage;
import java.util.ArrayList;
import java.util.List;

/** Reads a Converse answer ({@code output.message.content}, {@code stopReason}, {@code usage}) into the neutral model. */
final class ConverseReplies {
    private ConverseReplies() {}

    static ModelReply decode(JsonNode body) {
        List<Part> content = new ArrayList<>();
        for (JsonNode block : body.path("output").path("message").path("content")) {
            if (block.path("text").isTextual()) {
                content.add(new Part.Text(block.get("text").asText()));
            } else if (block.path("toolUse").isObject()) {
                JsonNode use = block.get("toolUse");
                JsonNode input = use.path("input");
                content.add(new Part.ToolCall(use.path("toolUseId").asText(), use.path("name").asText(),
                        input.isMissingNode() || input.isNull() ? "{}" : new String(Json.bytes(input), java.nio.charset.StandardCharsets.UTF_8)));
            } else if (block.path("reasoningContent").isObject()) {
                JsonNode r = block.get("reasoningContent");
                if (r.path("reasoningText").isObject()) {
                    JsonNode t = r.get("reasoningText");
                    content.add(new Part.Thinking(t.path("text").asText(""), t.path("signature").asText(null)));
                } else if (r.path("redactedContent").isTextual()) {
                    content.add(new Part.RedactedThinking(r.get("redactedContent").asText()));
                }
            }
        }
        return new ModelReply(null, null, content, stopReason(body.path("stopReason").asText(null)), null, usage(body.get("usage")));
    }

    /**
     * Converse's usage: {@code inputTokens} leaves out the prompt read from and written to a cache,
     * which the neutral convention counts in.
     */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) return Usage.NONE;
        long read = usage.path("cacheReadInputTokens").asLong(0);
        long write = usage.path("cacheWriteInputTokens").asLong(0);
        return new Usage(usage.path("inputTokens").asLong(0) + read + write, usage.path("outputTokens").asLong(0), read, write, 0);
    }

    static StopReason stopReason(String reason) {
        if (reason == null) return null;
        return switch (reason) {
            case "end_turn" -> StopReason.END_TURN;
            case "tool_use" -> StopReason.TOOL_USE;
            case "max_tokens" -> StopReason.MAX_TOKENS;
            case "stop_sequence" -> StopReason.STOP_SEQUENCE;
            case "guardrail_intervened", "content_filtered" -> StopReason.CONTENT_FILTER;
            case "model_context_window_exceeded" -> StopReason.CONTEXT_WINDOW_EXCEEDED;
            default -> StopReason.OTHER;
        };
    }
}
