package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Usage;

/**
 * Reads the {@code usage} of an OpenAI Responses {@code response} object: {@code input_tokens}
 * (cached ones included, as {@code input_tokens_details.cached_tokens}) and {@code output_tokens}
 * (reasoning included).
 */
public final class ResponsesUsage {
    private ResponsesUsage() {}

    /** The usage in {@code response.usage}, or {@code null} when absent or null. */
    public static Usage from(JsonNode response) {
        return of(response.get("usage"));
    }

    /** The usage a Responses {@code usage} object states, or {@code null} when it is absent or not an object. */
    public static Usage of(JsonNode usage) {
        if (usage == null || !usage.isObject()) return null;
        return new Usage(
                usage.path("input_tokens").asLong(0),
                usage.path("output_tokens").asLong(0),
                usage.path("input_tokens_details").path("cached_tokens").asLong(0));
    }
}
