package dev.anyrouter.providers;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds calls to the Gemini API: {@code /v1beta/models/{model}:generateContent}, or
 * {@code :streamGenerateContent?alt=sse} for a stream (whose events end with CRLF CRLF). The base
 * URL is the bare host, as in Google's SDKs. The key goes only in {@code x-goog-api-key}, never
 * in the URL's {@code key=} parameter, so it cannot end up in an access log.
 */
public final class GeminiAdapter {
    private GeminiAdapter() {}

    public static UpstreamCall generateContent(UpstreamTarget target, String model, byte[] body, boolean stream) {
        model = bare(model);
        MultiMap headers = CredentialHeaders.forTarget(target);
        headers.set("content-type", "application/json");
        headers.set("accept", stream ? "text/event-stream" : "application/json");
        String path = "/v1beta/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8)
                + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        return new UpstreamCall(target.provider(), HttpMethod.POST, UpstreamUrl.join(target.baseUrl(), path), headers, Buffer.buffer(body));
    }

    /** Gemini names models {@code models/gemini-2.5-flash}; the path takes the bare id. */
    private static String bare(String model) {
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }
}
