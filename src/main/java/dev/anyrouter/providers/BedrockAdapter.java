package dev.anyrouter.providers;

import dev.anyrouter.providers.cloud.BedrockCredential;
import dev.anyrouter.providers.cloud.SigV4;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds calls to Amazon Bedrock: Converse ({@code POST /model/{modelId}/converse}) and
 * ConverseStream ({@code …/converse-stream}, answered in AWS's binary event stream) on
 * {@code bedrock-runtime.<region>.amazonaws.com}, and the control plane's model list on
 * {@code bedrock.<region>.amazonaws.com}, which proves a credential. A key's {@code base_url}
 * replaces both hosts. Each call is authenticated from the credential: a Bedrock API key as a
 * bearer token, IAM access keys by a SigV4 signature over the call as it is sent.
 */
public final class BedrockAdapter {
    private static final String SIGNING_NAME = "bedrock";
    static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    private BedrockAdapter() {}

    /** Converse, or ConverseStream for a stream; {@code model} is a model or inference-profile id ({@code us.anthropic.…}). */
    public static UpstreamCall converse(UpstreamTarget target, BedrockCredential credential, String model, byte[] body, boolean stream) {
        MultiMap headers = CredentialHeaders.forTarget(target);
        headers.set("content-type", "application/json");
        headers.set("accept", stream ? EVENT_STREAM : "application/json");
        String path = "/model/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20")
                + (stream ? "/converse-stream" : "/converse");
        return new UpstreamCall(target.provider(), HttpMethod.POST, UpstreamUrl.join(base(target, credential, "bedrock-runtime"), path), headers,
                Buffer.buffer(body));
    }

    /** {@code GET /foundation-models} on the control plane: the cheap authenticated call that proves a credential. */
    static UpstreamCall listModels(UpstreamTarget target, BedrockCredential credential) {
        MultiMap headers = CredentialHeaders.forTarget(target);
        headers.set("accept", "application/json");
        return new UpstreamCall(target.provider(), HttpMethod.GET, UpstreamUrl.join(base(target, credential, "bedrock"), "/foundation-models"), headers, null);
    }

    /** The call with its credential added: the API key as a bearer token, or the SigV4 signature of the call as built. */
    public static UpstreamCall authorize(UpstreamCall call, BedrockCredential credential, SigV4 signer) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(call.headers());
        switch (credential.auth()) {
            case BedrockCredential.ApiKey key -> headers.set("authorization", "Bearer " + key.key());
            case BedrockCredential.AccessKeys keys -> {
                UpstreamUrl url = call.url();
                int q = url.pathAndQuery().indexOf('?');
                List<Map.Entry<String, String>> unsigned = new ArrayList<>();
                headers.forEach(h -> unsigned.add(Map.entry(h.getKey(), h.getValue())));
                byte[] body = call.body() == null ? new byte[0] : call.body().getBytes();
                SigV4.Request request = new SigV4.Request(call.method().name(), url.scheme(), url.host(), url.effectivePort(),
                        q < 0 ? url.pathAndQuery() : url.pathAndQuery().substring(0, q), q < 0 ? null : url.pathAndQuery().substring(q + 1),
                        unsigned, body);
                signer.sign(keys, credential.region(), SIGNING_NAME, request).forEach(h -> headers.add(h.getKey(), h.getValue()));
            }
        }
        return new UpstreamCall(call.provider(), call.method(), call.url(), headers, call.body());
    }

    /** The key's {@code base_url}, else the regional host of {@code service}. */
    private static URI base(UpstreamTarget target, BedrockCredential credential, String service) {
        if (!target.baseUrl().equals(target.provider().baseUrl())) return target.baseUrl();
        return URI.create("https://" + service + "." + credential.region() + ".amazonaws.com");
    }
}
