package dev.anyrouter.protocol;

/**
 * Who speaks a message. Tool results travel in {@link #USER} messages (as Anthropic and Gemini
 * carry them); the OpenAI codec turns them into {@code tool} messages.
 */
public enum Role {
    USER,
    ASSISTANT
}
