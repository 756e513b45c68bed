package dev.anyrouter.providers;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * One HTTP request to an upstream, fully built by an adapter (URL, auth, headers, body), and the
 * provider whose credential it carries, so the client can check the URL is one of that provider's
 * destinations where it connects. {@code toString()} leaves out the headers, which carry the credential.
 */
public record UpstreamCall(Provider provider, HttpMethod method, UpstreamUrl url, MultiMap headers, Buffer body) {
    public UpstreamCall {
        java.util.Objects.requireNonNull(provider, "provider");
    }

    @Override
    public String toString() {
        return "UpstreamCall[" + provider.id() + " " + method + " " + url + "]";
    }
}
