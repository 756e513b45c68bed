package dev.anyrouter.providers.exchange;

import io.vertx.core.Promise;

/**
 * One attempt while it is open, as the node's drain sees it: what to stop when the drain deadline
 * passes. Before content the attempt fails with {@link NodeDraining} (the walk ends there, nothing
 * counts against the key, and the client is answered a 503 in its wire); a stream that the client
 * is already reading is ended by its relay with the wire's error event.
 */
final class LiveAttempt extends OpenAttempts.Entry {
    private final Promise<Outcome> result;
    private final AttemptDeadline<Outcome> deadline;
    private StreamRelay relay;

    LiveAttempt(Promise<Outcome> result, AttemptDeadline<Outcome> deadline) {
        this.result = result;
        this.deadline = deadline;
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
        deadline.giveUp(NodeDraining.exception());
    }
}
