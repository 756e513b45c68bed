package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.sse.SseEvent;
import io.vertx.core.buffer.Buffer;

/**
 * What the {@link StreamRelay} needs to know of one stream, whether passed through as it is or
 * translated from another wire: what the client gets of each upstream event (a usage object
 * annotated with its cost), whether the upstream has really started serving, how the stream ended,
 * what an upstream error event said, and the client wire's error event. One per stream.
 */
interface StreamWatch {
    /**
     * The bytes the client gets for this event, or null to withhold it. An upstream's error event
     * is always withheld (its text is the upstream's, and may quote anything): {@link #failure}
     * then says what it reported, for the relay to tell the client in its own words.
     */
    Buffer relayed(SseEvent event, CostNote costs);

    /** Whether this event (the last one {@link #relayed}) shows the upstream is serving; until then the request may move to another key. */
    StreamStart start(SseEvent event);

    /** What closes the client's stream once the upstream body has ended, or null: for a wire that ends implicitly. */
    default Buffer end() {
        return null;
    }

    /** Whether the upstream ended the stream with its wire's terminator, and reported no error. */
    boolean completed();

    /** What the upstream said was used, as far as it has ({@link Usage#NONE} when nothing). */
    Usage usage();

    /** Whether {@link #usage} is the upstream's final statement. */
    default boolean usageFinal() {
        return usage() != Usage.NONE;
    }

    /** Characters of generated text relayed so far (content, reasoning, tool arguments), for an estimate of the output. */
    long generatedChars();

    /** What the upstream's error event reported, as it wrote it, once one came; else null. */
    StreamEvent.Failure failure();

    /**
     * The client wire's event that ends a stream with an error.
     *
     * @param type the error's type where the client's wire has one ({@code overloaded_error}); null for the wire's generic one
     * @param code the stable code the usage log records ({@code upstream_stream_failed})
     * @param message what the client reads, already clean of anything the upstream could have put in it
     */
    Buffer errorEvent(String type, String code, String message);
}
