package dev.anyrouter.protocol;

import java.util.List;

/** One piece of a message's content. */
public sealed interface Part {
    /** Plain text. */
    record Text(String text) implements Part {}

    /** An image given to the model. */
    record Image(ImageSource source) implements Part {}

    /**
     * A call the model makes to one of the caller's tools.
     *
     * @param id the call's id, echoed by the matching {@link ToolResult}
     * @param arguments the arguments as a JSON object in text (what OpenAI carries); {@code "{}"} when none
     */
    record ToolCall(String id, String name, String arguments) implements Part {}

    /** The caller's answer to a {@link ToolCall}; its content is text and images. */
    record ToolResult(String callId, List<Part> content, boolean isError) implements Part {
        public ToolResult {
            content = List.copyOf(content);
        }
    }

    /** The model's visible reasoning; {@code signature} (Anthropic) proves it was not altered, or null. */
    record Thinking(String text, String signature) implements Part {}

    /** Reasoning the upstream returned encrypted (Anthropic {@code redacted_thinking}). */
    record RedactedThinking(String data) implements Part {}
}
