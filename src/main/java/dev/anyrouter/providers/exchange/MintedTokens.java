package dev.anyrouter.providers.exchange;

import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.cloud.AccessTokens;
import io.vertx.core.Future;
import java.util.function.BiFunction;

/**
 * A minted token put on a call (Vertex's service accounts, Azure's Entra ID clients): taken from the
 * credential's {@link AccessTokens} at once when one is valid, else when its refresh (off the event
 * loop) is done, and continued on the caller's event loop either way.
 */
final class MintedTokens {
    private static final String BEARER = "Bearer ";

    private MintedTokens() {}

    static Future<UpstreamCall> authorize(AccessTokens tokens, UpstreamCall call, BiFunction<UpstreamCall, String, UpstreamCall> withToken) {
        return tokens.next().map(t -> withToken.apply(call, t));
    }

    /** Forgets the token {@code sent} carried, so the next call mints another; true when it carried one. */
    static boolean renew(AccessTokens tokens, UpstreamCall sent) {
        String header = sent.headers().get("authorization");
        if (header == null || !header.startsWith(BEARER)) return false;
        tokens.refused(header.substring(BEARER.length()));
        return true;
    }
}
