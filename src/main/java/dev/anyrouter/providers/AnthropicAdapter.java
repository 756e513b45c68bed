package dev.anyrouter.providers;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * Builds calls to Anthropic's Messages API. The base URL is the bare host, as in Anthropic's SDKs
 * ({@code /v1/messages} is appended). The key goes in {@code x-api-key} for
 * {@code anthropic-version: 2023-06-01} and as {@code Authorization: Bearer} for
 * {@code 2026-10-21}, the version that takes it that way; never in the URL.
 */
public final class AnthropicAdapter {
    /** The version every Anthropic upstream accepts, sampling parameters included. */
    public static final String VERSION_2023 = "2023-06-01";
    /** The version current SDKs send; it refuses {@code temperature}, {@code top_p} and {@code top_k}. */
    public static final String VERSION_2026 = "2026-10-21";

    private AnthropicAdapter() {}

    /**
     * @param version the {@code anthropic-version} to send (see {@link #versionFor})
     * @param beta the client's {@code anthropic-beta} header, forwarded as is, or null
     */
    public static UpstreamCall messages(UpstreamTarget target, byte[] body, boolean stream, String version, String beta) {
        MultiMap headers = headers(target, version, beta);
        headers.set("accept", stream ? "text/event-stream" : "application/json");
        return new UpstreamCall(target.provider(), HttpMethod.POST, UpstreamUrl.join(target.baseUrl(), "/v1/messages"), headers, Buffer.buffer(body));
    }

    /** {@code POST /v1/messages/count_tokens}. */
    public static UpstreamCall countTokens(UpstreamTarget target, byte[] body, String version, String beta) {
        MultiMap headers = headers(target, version, beta);
        headers.set("accept", "application/json");
        return new UpstreamCall(target.provider(), HttpMethod.POST, UpstreamUrl.join(target.baseUrl(), "/v1/messages/count_tokens"), headers,
                Buffer.buffer(body));
    }

    /**
     * The version to send upstream: the client's when it is one Anthropic knows and accepts the
     * request as written, else {@link #VERSION_2023} (which accepts every field, sampling included).
     */
    public static String versionFor(String clientVersion, boolean setsSampling) {
        if (VERSION_2026.equals(clientVersion) && !setsSampling) return VERSION_2026;
        return VERSION_2023;
    }

    private static MultiMap headers(UpstreamTarget target, String version, String beta) {
        MultiMap headers = CredentialHeaders.forTarget(target);
        headers.set("content-type", "application/json");
        headers.set("anthropic-version", version);
        if (beta != null && !beta.isBlank()) headers.set("anthropic-beta", beta);
        if (VERSION_2026.equals(version)) {
            String key = headers.get(target.provider().auth().headerName());
            headers.remove(target.provider().auth().headerName());
            headers.set("authorization", "Bearer " + key);
        }
        return headers;
    }
}
