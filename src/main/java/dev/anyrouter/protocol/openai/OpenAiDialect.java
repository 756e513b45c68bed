package dev.anyrouter.protocol.openai;

/**
 * Where OpenAI-compatible upstreams differ in a request's shape. OpenAI itself wants
 * {@code max_completion_tokens} (its reasoning models refuse {@code max_tokens}); most compatible
 * providers know only {@code max_tokens}.
 */
public record OpenAiDialect(String maxTokensField) {
    public static final OpenAiDialect OPENAI = new OpenAiDialect("max_completion_tokens");
    public static final OpenAiDialect COMPATIBLE = new OpenAiDialect("max_tokens");
}
