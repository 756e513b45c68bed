package dev.anyrouter.providers;

import dev.anyrouter.providers.cloud.VertexCredential;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Builds calls to Vertex AI's publisher models, on {@code aiplatform.googleapis.com} for the
 * {@code global} region and {@code <region>-aiplatform.googleapis.com} for the others (a key's
 * {@code base_url} replaces the host): Gemini's {@code …/publishers/google/models/{m}:generateContent}
 * ({@code :streamGenerateContent?alt=sse} for a stream), Anthropic's {@code …/publishers/anthropic/
 * models/{m}:rawPredict} ({@code :streamRawPredict}). The service account's minted token is added just
 * before sending.
 */
public final class VertexAdapter {
    /** The model Vertex's free {@code countTokens} is asked about, to prove a credential and its project. */
    static final String PROBE_MODEL = "gemini-2.5-flash";

    private VertexAdapter() {}

    /** Whether {@code model} is one of Anthropic's on Vertex (else Google's). */
    public static boolean anthropic(String model) {
        return model.toLowerCase(Locale.ROOT).startsWith("claude-");
    }

    public static UpstreamCall generate(UpstreamTarget target, VertexCredential credential, String model, byte[] body, boolean stream) {
        String verb = anthropic(model) ? (stream ? ":streamRawPredict" : ":rawPredict")
                : (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        return post(target, credential, model, verb, body, stream);
    }

    /** {@code countTokens} of a one-word prompt: free, and needs both a valid token and Vertex AI enabled in the project. */
    static UpstreamCall countTokens(UpstreamTarget target, VertexCredential credential) {
        byte[] body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}".getBytes(StandardCharsets.UTF_8);
        return post(target, credential, PROBE_MODEL, ":countTokens", body, false);
    }

    /** The call with the service account's access token. */
    public static UpstreamCall withToken(UpstreamCall call, String token) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(call.headers());
        headers.set("authorization", "Bearer " + token);
        return new UpstreamCall(call.provider(), call.method(), call.url(), headers, call.body());
    }

    private static UpstreamCall post(UpstreamTarget target, VertexCredential credential, String model, String verb, byte[] body,
                                     boolean stream) {
        String publisher = anthropic(model) ? "anthropic" : "google";
        String path = "/v1/projects/" + enc(credential.projectId()) + "/locations/" + enc(credential.region()) + "/publishers/"
                + publisher + "/models/" + enc(model) + verb;
        MultiMap headers = CredentialHeaders.forTarget(target);
        headers.set("content-type", "application/json");
        headers.set("accept", stream ? "text/event-stream" : "application/json");
        return new UpstreamCall(target.provider(), HttpMethod.POST, UpstreamUrl.join(base(target, credential), path), headers, Buffer.buffer(body));
    }

    private static URI base(UpstreamTarget target, VertexCredential credential) {
        return target.baseUrl().equals(target.provider().baseUrl()) ? URI.create("https://" + credential.host()) : target.baseUrl();
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("%40", "@");
    }
}
