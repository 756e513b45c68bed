package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Where an OpenAI-compatible upstream differs in a request's shape: the one place the catalog's
 * quirks are applied, to requests translated from another wire and to requests passed through.
 *
 * @param maxTokensField the name the upstream takes for the output cap; null when it takes either
 *     name (a passed-through request keeps the client's, a translated one says {@code max_tokens})
 * @param streamUsage whether the upstream takes {@code stream_options} (the gateway asks every stream
 *     for its usage chunk; an upstream that refuses the field gets none, not even the client's)
 * @param drops request fields the upstream refuses: removed, and named in {@code x-anyrouter-dropped-params}
 * @param toolCallIdLength 0 when the upstream takes any tool-call id; else it takes only ids of exactly
 *     that many ASCII letters and digits, and other ids are rewritten to fit (the same way in the
 *     assistant's {@code tool_calls} and the tool turn's {@code tool_call_id}, so the pairs still match).
 *     A rewrite keeps the request's meaning, so it is not listed as dropped.
 */
public record OpenAiDialect(String maxTokensField, boolean streamUsage, List<String> drops, int toolCallIdLength) {
    /** OpenAI itself: its reasoning models refuse {@code max_tokens}. */
    public static final OpenAiDialect OPENAI = new OpenAiDialect("max_completion_tokens", true, List.of());
    /** An upstream that takes OpenAI's request as it is, either name for the output cap. */
    public static final OpenAiDialect COMPATIBLE = new OpenAiDialect(null, true, List.of());

    private static final String MAX_TOKENS = "max_tokens";
    private static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";

    public OpenAiDialect {
        drops = List.copyOf(drops);
        if (toolCallIdLength != 0) new ToolCallIds(toolCallIdLength); // checks the length once, here
    }

    /** A dialect that takes any tool-call id. */
    public OpenAiDialect(String maxTokensField, boolean streamUsage, List<String> drops) {
        this(maxTokensField, streamUsage, drops, 0);
    }

    /** The name a translated request's output cap is written under. */
    String encodedMaxTokensField() {
        return maxTokensField == null ? MAX_TOKENS : maxTokensField;
    }

    /** Whether a client's request needs no edit beyond its model (and the usage request) for this upstream. */
    boolean takesAsIs(ObjectNode request) {
        if (!streamUsage && request.has("stream_options")) return false;
        if (maxTokensField != null && request.has(otherName())) return false;
        for (String field : drops) {
            if (request.has(field)) return false;
        }
        return toolCallIdLength == 0 || new ToolCallIds(toolCallIdLength).allFit(request.get("messages"));
    }

    /**
     * Edits a (shallow) copy of a client's request for this upstream: renames the output cap,
     * removes the refused fields and, where the upstream refuses it, {@code stream_options}, and fits
     * tool-call ids to the upstream's shape (the edited messages are copies: the client's are never written).
     *
     * @param dropped receives the name of every field removed, once
     */
    void apply(ObjectNode request, List<String> dropped) {
        if (maxTokensField != null && request.has(otherName())) {
            // A request that names both keeps the upstream's own name and its value.
            var value = request.remove(otherName());
            if (!request.has(maxTokensField)) request.set(maxTokensField, value);
        }
        if (!streamUsage && request.remove("stream_options") != null) addOnce(dropped, "stream_options");
        for (String field : drops) {
            if (request.remove(field) != null) addOnce(dropped, field);
        }
        if (toolCallIdLength != 0 && request.get("messages") instanceof ArrayNode messages) {
            ToolCallIds ids = new ToolCallIds(toolCallIdLength);
            if (!ids.allFit(messages)) request.set("messages", ids.fitted(messages));
        }
    }

    private String otherName() {
        return MAX_TOKENS.equals(maxTokensField) ? MAX_COMPLETION_TOKENS : MAX_TOKENS;
    }

    private static void addOnce(List<String> list, String name) {
        if (!list.contains(name)) list.add(name);
    }
}
