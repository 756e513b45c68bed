package dev.anyrouter.providers.exchange;

import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;

/**
 * One attempt while it is open, as the node's drain sees it: what to stop when the drain deadline
 * passes. Before content the attempt fails with {@link NodeDraining} (the walk ends there, nothing
 * counts against the key, and the client is answered a 503 in its wire); a stream that the client
 * is already reading is ended by its relay with the wire's error event.
 */
final class LiveAttempt extends OpenAttempts.Entry {
    private final Promise<Outcome> result;
    private final AttemptDeadline deadline;
    private HttpClientResponse response;
    private StreamRelay relay;

    LiveAttempt(Promise<Outcome> result, AttemptDeadline deadline) {
        this.result = result;
        this.deadline = deadline;
    }

    /** The upstream answered: reset it if the node stops before the answer is whole. */
    void answered(HttpClientResponse response) {
        this.response = response;
    }

    /** The answer is a stream, relayed by {@code relay}, which ends it if the node stops. */
    void relayedBy(StreamRelay relay) {
        this.relay = relay;
    }

    @Override
    protected void stop() {
        if (relay != null) {
            relay.stop();
            return;
        }
        deadline.disarm();
        if (result.tryFail(NodeDraining.exception()) && response != null) response.request().reset();
    }
}
