package dev.anyrouter.providers;

import java.util.List;
import java.util.Locale;

/**
 * Where an OpenAI-wire upstream departs from OpenAI's request shape, as data from the catalog's
 * {@code quirks:} block. The one place that applies them is the OpenAI-wire dialect
 * ({@code protocol/openai/OpenAiDialect}), for requests passed through and translated alike.
 *
 * @param maxTokensField the name the upstream takes for the output cap ({@code max_tokens} or
 *     {@code max_completion_tokens}); null when it takes either, so a client's own choice is kept
 * @param streamUsage false when the upstream refuses {@code stream_options}: the gateway then never
 *     asks for the usage chunk, and drops the field when a client sent it
 * @param drops request fields the upstream refuses; they are removed and named in
 *     {@code x-anyrouter-dropped-params}
 * @param toolCallIdLength 0 when the upstream takes any tool-call id; else the exact number of ASCII
 *     letters and digits its ids must have (Mistral: 9): ids of another shape are rewritten to fit, in
 *     pairs, so an assistant turn's call and the tool turn that answered it still match
 */
public record Quirks(String maxTokensField, boolean streamUsage, List<String> drops, int toolCallIdLength) {
    /** An upstream that takes OpenAI's request as it is. */
    public static final Quirks NONE = new Quirks(null, true, List.of(), 0);

    /** Quirks that take any tool-call id. */
    public Quirks(String maxTokensField, boolean streamUsage, List<String> drops) {
        this(maxTokensField, streamUsage, drops, 0);
    }

    public Quirks {
        drops = List.copyOf(drops);
        if (toolCallIdLength < 0 || toolCallIdLength > 32) {
            throw new IllegalArgumentException("quirks.tool_call_id_length must be 1..32, got " + toolCallIdLength);
        }
        if (maxTokensField != null && !maxTokensField.equals("max_tokens") && !maxTokensField.equals("max_completion_tokens")) {
            throw new IllegalArgumentException(
                    "quirks.max_tokens must be max_tokens or max_completion_tokens, got '" + maxTokensField + "'");
        }
        for (String field : drops) {
            if (field.isBlank() || !field.equals(field.toLowerCase(Locale.ROOT)) || !field.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException("quirks.drops names request fields (lower_case), got '" + field + "'");
            }
            if (field.equals("model") || field.equals("messages") || field.equals("stream")) {
                throw new IllegalArgumentException("quirks.drops cannot drop '" + field + "', which every request needs");
            }
        }
    }
}
