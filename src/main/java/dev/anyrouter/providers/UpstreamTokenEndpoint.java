package dev.anyrouter.providers;

import dev.anyrouter.providers.cloud.TokenEndpoint;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.List;

/**
 * The clouds' token endpoints (Google's {@code token_uri}, Entra ID), reached on the one upstream
 * client: the address guard checks them as it checks every upstream, and no redirect is followed.
 * A token endpoint's URL may come from the credential itself (a service account's {@code token_uri}),
 * so it is held to the hosts of the clouds that mint tokens like any base URL.
 */
public final class UpstreamTokenEndpoint implements TokenEndpoint {
    private final UpstreamClient client;
    private final List<Provider> issuers;

    /**
     * @param issuers the providers whose credentials mint tokens (the clouds with a structured
     *     credential); a token endpoint must be on one of their hosts, or allowed by the operator
     */
    public UpstreamTokenEndpoint(UpstreamClient client, List<Provider> issuers) {
        if (issuers.isEmpty()) throw new IllegalArgumentException("no provider mints tokens");
        this.client = client;
        this.issuers = List.copyOf(issuers);
    }

    /** Over the catalog's providers with a structured credential. */
    public static UpstreamTokenEndpoint over(UpstreamClient client, ProviderCatalog catalog) {
        return new UpstreamTokenEndpoint(client, catalog.all().stream().filter(p -> p.credentialForm().isPresent()).toList());
    }

    @Override
    public Future<Answer> post(URI url, String contentType, byte[] body) {
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            return Future.failedFuture(new UpstreamRefusedException("a token endpoint URL has no query or fragment"));
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("content-type", contentType).set("accept", "application/json");
        UpstreamCall call = new UpstreamCall(issuer(url), HttpMethod.POST, UpstreamUrl.of(url), headers, Buffer.buffer(body));
        return client.send(call).compose(response -> response.body().map(b -> new Answer(response.statusCode(), b.getBytes())))
                .recover(failure -> Future.failedFuture(failure instanceof BaseUrlNotAllowedException ? refused(url) : failure));
    }

    /** The host refusal said of what the credential named: its token endpoint, not a base_url. */
    private BaseUrlNotAllowedException refused(URI url) {
        String named = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
        return new BaseUrlNotAllowedException("the credential's token endpoint (its authority or token_uri) " + named
                + " is not on the hosts of " + String.join(", ", issuers.stream().map(Provider::id).toList())
                + ": credentials are only sent there. To allow it, the operator starts the gateway with --upstream-hosts " + named
                + " (ANYROUTER_UPSTREAM_HOSTS)");
    }

    /** The cloud that owns the URL's host; else the first, whose check then admits only what the operator allows. */
    private Provider issuer(URI url) {
        return issuers.stream().filter(p -> p.ownsHost(url)).findFirst().orElse(issuers.getFirst());
    }
}
