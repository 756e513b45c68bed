package dev.anyrouter.providers;

import dev.anyrouter.providers.cloud.CloudCredential;
import java.util.Locale;
import java.util.Optional;

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
    GEMINI,
    /** Azure OpenAI / AI Foundry: OpenAI's Chat Completions on a resource's deployments path or v1 API. */
    AZURE,
    /** Amazon Bedrock's Converse and ConverseStream (AWS's binary event stream). */
    BEDROCK,
    /** Vertex AI's publisher models: Gemini's {@code generateContent}, Anthropic's Messages on {@code rawPredict}. */
    VERTEX;

    /** The structured credential this wire's keys are, for the clouds; empty where a key is one string. */
    public Optional<CloudCredential.Form> credentialForm() {
        return switch (this) {
            case AZURE -> Optional.of(CloudCredential.Form.AZURE);
            case BEDROCK -> Optional.of(CloudCredential.Form.BEDROCK);
            case VERTEX -> Optional.of(CloudCredential.Form.VERTEX);
            case OPENAI, ANTHROPIC, GEMINI -> Optional.empty();
        };
    }

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
        throw new IllegalArgumentException("wire must be one of openai, anthropic, gemini, azure, bedrock, vertex, got '" + value + "'");
    }
}
