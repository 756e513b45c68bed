package dev.anyrouter.providers;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URI;

/**
 * One HTTP request to an upstream, fully built by an adapter (URL, auth, headers, body).
 * {@code toString()} leaves out the headers, which carry the credential.
 */
public record UpstreamCall(HttpMethod method, UpstreamUrl url, MultiMap headers, Buffer body) {

    /** A call to a whole URL, parsed here once (for one-off calls and tests; adapters use {@link UpstreamUrl#join}). */
    public UpstreamCall(HttpMethod method, URI uri, MultiMap headers, Buffer body) {
        this(method, UpstreamUrl.of(uri), headers, body);
    }

    /** The URL as a {@link URI}; parses it, so it is not for the request path. */
    public URI uri() {
        return url.toUri();
    }

    @Override
    public String toString() {
        return "UpstreamCall[" + method + " " + url + "]";
    }
}
