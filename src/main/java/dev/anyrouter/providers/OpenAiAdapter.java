package dev.anyrouter.providers;

import dev.anyrouter.protocol.openai.OpenAiDialect;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;

/**
 * Builds calls to any OpenAI-compatible upstream (OpenAI, Groq, OpenRouter, NVIDIA NIM, Z.ai,
 * Ollama Cloud, ...). Those providers differ only in data from the catalog, not in code.
 */
public final class OpenAiAdapter {
    private OpenAiAdapter() {}

    public static UpstreamCall chatCompletions(UpstreamTarget target, byte[] body, boolean stream) {
        return postJson(target, "/chat/completions", body, stream);
    }

    /** OpenAI's Responses API; only for providers whose catalog entry says {@code responses: true}. */
    public static UpstreamCall responses(UpstreamTarget target, byte[] body, boolean stream) {
        return postJson(target, "/responses", body, stream);
    }

    private static UpstreamCall postJson(UpstreamTarget target, String path, byte[] body, boolean stream) {
        MultiMap headers = CredentialHeaders.forTarget(target);
        headers.set(HttpHeaders.CONTENT_TYPE, CredentialHeaders.JSON);
        headers.set(HttpHeaders.ACCEPT, stream ? CredentialHeaders.EVENT_STREAM : CredentialHeaders.JSON);
        return new UpstreamCall(target.provider(), HttpMethod.POST, UpstreamUrl.join(target.baseUrl(), path), headers, Buffer.buffer(body));
    }

    /** The request shape the provider takes, from its catalog quirks (OpenAI's own: {@code max_completion_tokens}). */
    public static OpenAiDialect dialect(Provider provider) {
        Quirks quirks = provider.quirks();
        return quirks.equals(Quirks.NONE) ? OpenAiDialect.COMPATIBLE
                : new OpenAiDialect(quirks.maxTokensField(), quirks.streamUsage(), quirks.drops(), quirks.toolCallIdLength());
    }
}
