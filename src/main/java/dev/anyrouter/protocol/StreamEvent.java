package dev.anyrouter.protocol;

/**
 * One event of a streamed answer in the neutral model. A stream is {@link Start}, then content
 * blocks ({@link BlockStart}, deltas, {@link BlockStop}; one block open at a time, indexes counting
 * from 0), then {@link Finish} and {@link End}; a {@link Failure} may end it at any point.
 */
public sealed interface StreamEvent {
    /** The answer begins; {@code usage} holds what is known of the prompt so far (often nothing). */
    record Start(String id, String model, Usage usage) implements StreamEvent {}

    /** What a content block holds. */
    enum BlockKind { TEXT, THINKING, REDACTED_THINKING, TOOL_CALL }

    /**
     * A content block opens. For {@link BlockKind#TOOL_CALL}, {@code toolCallId} and {@code toolName}
     * are set; for {@link BlockKind#REDACTED_THINKING}, {@code data} holds the whole block.
     */
    record BlockStart(int index, BlockKind kind, String toolCallId, String toolName, String data) implements StreamEvent {}

    record TextDelta(int index, String text) implements StreamEvent {}

    record ThinkingDelta(int index, String text) implements StreamEvent {}

    /** The signature of a thinking block (Anthropic), sent before it closes. */
    record SignatureDelta(int index, String signature) implements StreamEvent {}

    /** A fragment of a tool call's JSON arguments; the fragments of one block concatenate to the whole. */
    record ToolArgumentsDelta(int index, String fragment) implements StreamEvent {}

    record BlockStop(int index) implements StreamEvent {}

    /** Generation ended: why, and the final usage (prompt and output). */
    record Finish(StopReason stopReason, String stopSequence, Usage usage) implements StreamEvent {}

    /** The stream is complete. */
    record End() implements StreamEvent {}

    /** The upstream failed mid-stream; {@code type} is a wire-neutral error type such as {@code overloaded_error}. */
    record Failure(String type, String message) implements StreamEvent {}

    /** Characters of generated text the event carries (text, reasoning, tool arguments, a tool's name): what an output estimate counts. */
    static long generatedChars(StreamEvent event) {
        return switch (event) {
            case TextDelta t -> t.text().length();
            case ThinkingDelta t -> t.text().length();
            case ToolArgumentsDelta t -> t.fragment().length();
            case BlockStart b when b.toolName() != null -> b.toolName().length();
            default -> 0;
        };
    }
}
