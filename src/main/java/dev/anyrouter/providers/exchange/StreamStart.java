package dev.anyrouter.providers.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.sse.SseEvent;
import java.nio.charset.StandardCharsets;

/**
 * Whether an OpenAI stream event shows the upstream is really serving: text, a tool call, a
 * refusal, reasoning, a finish reason, usage, or {@code [DONE]}. A role-only opening chunk is not
 * content: an upstream can send it and then fail, and until content arrives the request may
 * still move to another key. On the Responses wire the same holds of {@code response.created}
 * and {@code response.in_progress}. An event whose data is not JSON is an error: an upstream that
 * cannot write its own wire has not started serving, whatever follows.
 */
public enum StreamStart {
    NOTHING_YET,
    CONTENT,
    ERROR;

    static StreamStart of(SseEvent event) {
        String data = event.data();
        if (data == null || data.isBlank()) return NOTHING_YET;
        if (data.strip().equals("[DONE]")) return CONTENT;
        JsonNode chunk;
        try {
            chunk = Json.parse(data.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedJsonException e) {
            return ERROR;
        }
        if (chunk.hasNonNull("error")) return ERROR;
        if (chunk.path("usage").isObject()) return CONTENT;
        for (JsonNode choice : chunk.path("choices")) {
            if (!choice.path("finish_reason").isNull() && !choice.path("finish_reason").isMissingNode()) return CONTENT;
            JsonNode delta = choice.path("delta");
            for (String field : new String[] {"content", "refusal", "reasoning", "reasoning_content"}) {
                JsonNode v = delta.path(field);
                if (v.isTextual() && !v.asText().isEmpty()) return CONTENT;
            }
            if (delta.path("tool_calls").isArray() && !delta.path("tool_calls").isEmpty()) return CONTENT;
            if (delta.path("function_call").isObject()) return CONTENT;
        }
        return NOTHING_YET;
    }

    /**
     * A Responses event: anything after the opening ones is content (an output item being added
     * already means the model is producing output: a reasoning model may think a long while before
     * its first delta, and that must not count against the first-byte timeout).
     */
    static StreamStart ofResponses(SseEvent event) {
        String data = event.data();
        if (data == null || data.isBlank()) return NOTHING_YET;
        String type = event.event();
        if (type == null) {
            try {
                type = Json.parse(data.getBytes(StandardCharsets.UTF_8)).path("type").asText("");
            } catch (MalformedJsonException e) {
                return ERROR;
            }
        }
        return switch (type) {
            case "response.created", "response.in_progress", "response.queued", "" -> NOTHING_YET;
            case "error", "response.failed" -> ERROR;
            default -> CONTENT;
        };
    }
}
