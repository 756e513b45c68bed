package dev.anyrouter.providers;

import java.util.Locale;

/**
 * The request/response protocol an upstream speaks. Every OpenAI-compatible provider (Groq,
 * OpenRouter, NVIDIA NIM, Z.ai, …) shares {@link #OPENAI} and so one adapter.
 */
public enum Wire {
    /** OpenAI Chat Completions and friends. */
    OPENAI,
    /** Anthropic Messages. */
    ANTHROPIC,
    /** Google Gemini {@code generateContent}. */
    GEMINI;

    /** The spelling used in {@code providers.yaml}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Wire fromYaml(String value) {
        for (Wire wire : values()) {
            if (wire.yamlName().equals(value)) {
                return wire;
            }
        }
        throw new IllegalArgumentException("wire must be one of openai, anthropic, gemini, got '" + value + "'");
    }
}
