package dev.anyrouter.providers.exchange;

import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamTarget;
import io.vertx.core.Future;

/**
 * One attempt on one key, as the inference pipeline asks for it; {@link UpstreamExchange} is the
 * one on real upstreams. The narrow face lets the pipeline's walk be tested with scripted outcomes.
 */
public interface AttemptExchange {
    /** Whether a client of {@code endpoint} is passed through to {@code provider} as it is (else its request is translated). */
    boolean passesThrough(ClientEndpoint endpoint, Provider provider, String upstreamModel);

    /** Makes the attempt; completes once the answer reached the client (or as far as it went), or once nothing will. */
    Future<Outcome> attempt(UpstreamTarget target, String upstreamModel, ClientSide client, Reply reply);
}
