package dev.anyrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's own count of tokens, for when the upstream states none (a stream cut before its
 * usage) and for the worst case a credits request reserves. Not a provider's tokenizer (there is
 * none for Java that covers them all): text at about four characters a token, which is what
 * OpenAI's and Anthropic's documentation give for English, plus each wire's framing per message,
 * and images at a fixed size. {@link Prompt#estimate} is the figure billed as an estimate;
 * {@link Prompt#ceiling} counts three characters a token and the largest image, an over-estimate
 * for all but unusual text, for a reservation that must not fall short.
 */
public final class TokenEstimate {
    /** The client wires, each with the fields its prompt is in. */
    public enum Wire {
        /** Chat Completions: {@code messages}, {@code tools}, {@code response_format}. */
        CHAT(Set.of("messages", "tools", "functions", "response_format", "prediction")),
        /** Responses: {@code instructions}, {@code input}, {@code tools}, {@code text}. */
        RESPONSES(Set.of("instructions", "input", "tools", "text")),
        /** Anthropic Messages: {@code system}, {@code messages}, {@code tools}. */
        MESSAGES(Set.of("system", "messages", "tools"));

        private final Set<String> promptFields;

        Wire(Set<String> promptFields) {
            this.promptFields = promptFields;
        }
    }

    /** The framing tokens each message costs (OpenAI's cookbook counts 3 per message and 3 to prime the reply). */
    static final int TOKENS_PER_MESSAGE = 4;
    /** An image as most providers bill a mid-sized one; the ceiling takes Anthropic's largest (about 1.15 megapixels). */
    static final int IMAGE_TOKENS = 800;
    static final int IMAGE_TOKENS_CEILING = 1_600;
    private static final Set<String> IMAGE_TYPES = Set.of("image_url", "image", "input_image");
    /** Members whose strings are media, ids or settings, not text the model reads. */
    private static final Set<String> NOT_TEXT = Set.of("image_url", "source", "data", "url", "file_data", "file_id", "id",
            "call_id", "tool_call_id", "tool_use_id", "type", "role", "detail", "cache_control", "media_type", "signature");

    /** Fields whose JSON the model reads whole, member names included (tool definitions, output schemas). */
    private static final Set<String> SCHEMAS = Set.of("tools", "functions", "response_format", "text");

    private TokenEstimate() {}

    /**
     * A prompt's size.
     *
     * @param chars characters of text (tool schemas as their JSON text)
     * @param messages messages and items
     * @param images image parts
     */
    public record Prompt(long chars, long messages, long images) {
        /** The tokens billed as an estimate. */
        public long estimate() {
            return (chars + 3) / 4 + TOKENS_PER_MESSAGE * (messages + 1) + (long) IMAGE_TOKENS * images;
        }

        /** An upper bound for a reservation. */
        public long ceiling() {
            return (chars + 2) / 3 + TOKENS_PER_MESSAGE * (messages + 1) + (long) IMAGE_TOKENS_CEILING * images;
        }
    }

    /** The prompt of a request of {@code wire}. */
    public static Prompt prompt(Wire wire, JsonNode request) {
        Walk walk = new Walk();
        for (String field : wire.promptFields) {
            JsonNode value = request.get(field);
            if (value == null) continue;
            boolean list = value.isArray() && (field.equals("messages") || field.equals("input"));
            if (list) walk.messages += value.size();
            walk.visit(value, SCHEMAS.contains(field));
        }
        return new Prompt(walk.chars, walk.messages, walk.images);
    }

    /** Output tokens of {@code chars} characters of generated text (reasoning and tool arguments included); at least 1 for any. */
    public static long output(long chars) {
        return chars <= 0 ? 0 : Math.max(1, (chars + 3) / 4);
    }

    private static final class Walk {
        long chars;
        long messages;
        long images;

        /** Adds the text under {@code node}; {@code schema}: member names count too, as the model reads a schema's JSON. */
        void visit(JsonNode node, boolean schema) {
            if (node.isTextual() || node.isNumber() || node.isBoolean()) {
                chars += node.asText().length();
            } else if (node.isArray()) {
                for (JsonNode element : node) visit(element, schema);
            } else if (node.isObject()) {
                if (IMAGE_TYPES.contains(node.path("type").asText())) images++;
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (!schema && NOT_TEXT.contains(field.getKey())) continue;
                    if (schema) chars += field.getKey().length();
                    visit(field.getValue(), schema);
                }
            }
        }
    }
}
