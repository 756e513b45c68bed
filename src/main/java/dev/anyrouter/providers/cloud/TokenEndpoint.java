package dev.anyrouter.providers.cloud;

import io.vertx.core.Future;
import java.net.URI;

/**
 * Where a credential's tokens are minted, reached through the gateway's one upstream client (so the
 * address rules that hold for every call hold for the token endpoint too, and no redirect is followed).
 */
@FunctionalInterface
public interface TokenEndpoint {
    /** What a token endpoint answered. {@code toString()} leaves the body (a token) out. */
    record Answer(int status, byte[] body) {
        @Override
        public String toString() {
            return "Answer[" + status + "]";
        }
    }

    /** POSTs {@code body} (a form) to {@code url}. */
    Future<Answer> post(URI url, String contentType, byte[] body);
}
