package dev.anyrouter.providers;

import dev.anyrouter.providers.cloud.TokenEndpoint;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URI;

/**
 * The clouds' token endpoints (Google's {@code token_uri}, Entra ID), reached on the one upstream
 * client: the address guard checks them as it checks every upstream, and no redirect is followed.
 */
public final class UpstreamTokenEndpoint implements TokenEndpoint {
    private final UpstreamClient client;

    public UpstreamTokenEndpoint(UpstreamClient client) {
        this.client = client;
    }

    @Override
    public Future<Answer> post(URI url, String contentType, byte[] body) {
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            return Future.failedFuture(new UpstreamRefusedException("a token endpoint URL has no query or fragment"));
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("content-type", contentType).set("accept", "application/json");
        UpstreamCall call = new UpstreamCall(HttpMethod.POST, UpstreamUrl.of(url), headers, Buffer.buffer(body));
        return client.send(call).compose(response -> response.body().map(b -> new Answer(response.statusCode(), b.getBytes())));
    }
}
