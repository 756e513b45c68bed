package dev.anyrouter.protocol;

/** Why a model stopped generating, in terms every wire can express. */
public enum StopReason {
    /** A natural end of the turn (OpenAI {@code stop}, Anthropic {@code end_turn}, Gemini {@code STOP}). */
    END_TURN,
    /** The output limit was reached ({@code length}, {@code max_tokens}, {@code MAX_TOKENS}). */
    MAX_TOKENS,
    /** One of the caller's stop sequences was produced. */
    STOP_SEQUENCE,
    /** The model asks for tool calls ({@code tool_calls}, {@code tool_use}). */
    TOOL_USE,
    /** Output was withheld by a safety filter ({@code content_filter}, {@code SAFETY}, ...). */
    CONTENT_FILTER,
    /** The model declined ({@code refusal}). */
    REFUSAL,
    /** A long-running server turn was paused (Anthropic {@code pause_turn}). */
    PAUSE_TURN,
    /** The context window filled up. */
    CONTEXT_WINDOW_EXCEEDED,
    /** Any other reason the upstream gave (malformed call, unknown value). */
    OTHER
}
