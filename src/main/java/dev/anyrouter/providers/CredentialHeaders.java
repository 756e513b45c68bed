package dev.anyrouter.providers;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/** The one place that knows how each provider wants its credential and fixed headers sent. */
final class CredentialHeaders {
    // Fixed values of content-type and accept, built once as AsciiStrings (hashed and copied as bytes).
    static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");

    private CredentialHeaders() {}

    /** The provider's required headers, then the key's own extra headers, then the credential. */
    static MultiMap forTarget(UpstreamTarget target) {
        Provider provider = target.provider();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        provider.defaultHeaders().forEach(headers::set);
        target.extraHeaders().forEach(headers::set);
        String key = target.credential().reveal();
        // A structured credential is not a header value: the wire's exchange authenticates the call from it.
        if (provider.auth() != Provider.Auth.STRUCTURED && !Provider.NO_KEY.equals(key)) {
            headers.set(provider.auth().wireName(), provider.auth().headerValue(key));
        }
        return headers;
    }
}
