package dev.anyrouter.providers;

import io.vertx.core.MultiMap;

/** The one place that knows how each provider wants its credential and fixed headers sent. */
final class CredentialHeaders {
    private CredentialHeaders() {}

    /** The provider's required headers, then the key's own extra headers, then the credential. */
    static MultiMap forTarget(UpstreamTarget target) {
        Provider provider = target.provider();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        provider.defaultHeaders().forEach(headers::set);
        target.extraHeaders().forEach(headers::set);
        headers.set(provider.auth().headerName(), provider.auth().headerValue(target.credential().reveal()));
        return headers;
    }
}
