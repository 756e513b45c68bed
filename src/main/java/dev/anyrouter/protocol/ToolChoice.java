package dev.anyrouter.protocol;

/** Whether and which tools the model must call. */
public sealed interface ToolChoice {
    /** The model decides (the default). */
    record Auto() implements ToolChoice {}

    /** The model must not call a tool. */
    record None() implements ToolChoice {}

    /** The model must call at least one tool (OpenAI {@code required}, Anthropic {@code any}, Gemini {@code ANY}). */
    record Required() implements ToolChoice {}

    /** The model must call this tool. */
    record Named(String name) implements ToolChoice {}
}
