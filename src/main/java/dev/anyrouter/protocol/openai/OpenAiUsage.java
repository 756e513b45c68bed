package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Usage;

/** Reads the {@code usage} object of an OpenAI response or final stream chunk. */
public final class OpenAiUsage {
    private OpenAiUsage() {}

    /** The usage in {@code node.usage}, or {@code null} when absent or null. */
    public static Usage from(JsonNode node) {
        return of(node.get("usage"));
    }

    /** The usage a {@code usage} object states, or {@code null} when it is absent or not an object. */
    public static Usage of(JsonNode usage) {
        if (usage == null || !usage.isObject()) return null;
        return new Usage(
                usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0),
                usage.path("prompt_tokens_details").path("cached_tokens").asLong(0));
    }
}
