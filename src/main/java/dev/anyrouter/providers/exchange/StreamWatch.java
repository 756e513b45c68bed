package dev.anyrouter.providers.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.sse.SseEvent;
import io.vertx.core.buffer.Buffer;

/**
 * Watches one OpenAI-wire stream that the relay passes through: what the client gets of
 * each event (usage annotated with its cost), whether the upstream has really started serving, how
 * the stream ended, and the wire's own error event for a stream that broke. One per stream.
 */
public interface StreamWatch {
    /** Adds the cost of {@code usage} to a {@code usage} object the client will see. */
    @FunctionalInterface
    interface Costs {
        void annotate(JsonNode usageObject, Usage usage);
    }

    /** The bytes the client gets for this event, or null to withhold it. */
    Buffer relayed(SseEvent event, Costs costs);

    /** Whether this event shows the upstream is serving (until then the request may move to another key). */
    StreamStart start(SseEvent event);

    /** Whether the upstream ended the stream properly. */
    boolean completed();

    Usage usage();

    /** The event that ends a stream the upstream broke after the client saw part of it (empty if the client was already told). */
    Buffer errorEvent(String code, String message);
}
