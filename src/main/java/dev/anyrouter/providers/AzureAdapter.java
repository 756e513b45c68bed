package dev.anyrouter.providers;

import dev.anyrouter.providers.cloud.AzureCredential;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds calls to Azure OpenAI / AI Foundry: Chat Completions on the resource serving the model,
 * either the deployments path ({@code /openai/deployments/{deployment}/chat/completions?api-version=…})
 * or the v1 API ({@code /openai/v1/chat/completions}, the deployment named as the model). A key
 * goes in {@code api-key}; an Entra ID client's token is added just before sending. A key's
 * {@code base_url} replaces the resource's host.
 */
public final class AzureAdapter {
    private AzureAdapter() {}

    public static UpstreamCall chatCompletions(UpstreamTarget target, AzureCredential credential, String model, byte[] body,
                                               boolean stream) {
        AzureCredential.Route route = credential.route(model);
        AzureCredential.Resource resource = route.resource();
        String path = resource.v1() ? "/openai/v1/chat/completions"
                : "/openai/deployments/" + URLEncoder.encode(route.deployment(), StandardCharsets.UTF_8) + "/chat/completions?api-version="
                        + URLEncoder.encode(resource.apiVersion(), StandardCharsets.UTF_8);
        MultiMap headers = headers(target, resource);
        headers.set("content-type", "application/json");
        headers.set("accept", stream ? "text/event-stream" : "application/json");
        return new UpstreamCall(target.provider(), HttpMethod.POST, UpstreamUrl.join(origin(target, resource), path), headers, Buffer.buffer(body));
    }

    /** The model the body names: the deployment on the v1 API (the deployments path takes it from the URL). */
    public static String bodyModel(AzureCredential credential, String model) {
        AzureCredential.Route route = credential.route(model);
        return route.resource().v1() ? route.deployment() : model;
    }

    /** The resource's model list: the cheap authenticated call that proves its key. */
    static UpstreamCall listModels(UpstreamTarget target, AzureCredential.Resource resource) {
        String path = resource.v1() ? "/openai/v1/models"
                : "/openai/models?api-version=" + URLEncoder.encode(resource.apiVersion(), StandardCharsets.UTF_8);
        MultiMap headers = headers(target, resource);
        headers.set("accept", "application/json");
        return new UpstreamCall(target.provider(), HttpMethod.GET, UpstreamUrl.join(origin(target, resource), path), headers, null);
    }

    /** The call with a bearer token in place of a key. */
    public static UpstreamCall withToken(UpstreamCall call, String token) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(call.headers());
        headers.set("authorization", "Bearer " + token);
        return new UpstreamCall(call.provider(), call.method(), call.url(), headers, call.body());
    }

    private static MultiMap headers(UpstreamTarget target, AzureCredential.Resource resource) {
        MultiMap headers = CredentialHeaders.forTarget(target);
        if (resource.auth() instanceof AzureCredential.ApiKey key) headers.set("api-key", key.key());
        return headers;
    }

    /** The key's {@code base_url}, else the resource's own endpoint. */
    private static URI origin(UpstreamTarget target, AzureCredential.Resource resource) {
        return target.baseUrl().equals(target.provider().baseUrl()) ? resource.origin() : target.baseUrl();
    }
}
