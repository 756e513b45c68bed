package dev.anyrouter.providers;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * One HTTP request to an upstream, fully built by an adapter (URL, auth, headers, body).
 * {@code toString()} leaves out the headers, which carry the credential.
 */
public record UpstreamCall(HttpMethod method, UpstreamUrl url, MultiMap headers, Buffer body) {
    @Override
    public String toString() {
        return "UpstreamCall[" + method + " " + url + "]";
    }
}
