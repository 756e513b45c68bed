package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.sse.SseEvent;
import io.vertx.core.buffer.Buffer;

/**
 * What the {@link StreamRelay} needs to know of one stream, whether passed through as it is or
 * translated from another wire: what the client gets of each upstream event (a usage object
 * annotated with its cost), whether the upstream has really started serving, how the stream ended,
 * and the client wire's error event for a stream that broke. One per stream.
 */
interface StreamWatch {
    /** The bytes the client gets for this event, or null to withhold it. */
    Buffer relayed(SseEvent event, CostNote costs);

    /** Whether this event (the last one {@link #relayed}) shows the upstream is serving; until then the request may move to another key. */
    StreamStart start(SseEvent event);

    /** What closes the client's stream once the upstream body has ended, or null: for a wire that ends implicitly. */
    default Buffer end() {
        return null;
    }

    /** Whether the upstream ended the stream properly. */
    boolean completed();

    /** What the upstream said was used, as far as it has ({@link Usage#NONE} when nothing). */
    Usage usage();

    /** Whether {@link #usage} is the upstream's final statement. */
    default boolean usageFinal() {
        return usage() != Usage.NONE;
    }

    /** Characters of generated text relayed so far (content, reasoning, tool arguments), for an estimate of the output. */
    long generatedChars();

    /** The event that ends a stream the upstream broke after the client saw part of it (empty if the client was already told). */
    Buffer errorEvent(String code, String message);
}
