package dev.anyrouter.protocol;

import dev.anyrouter.protocol.sse.SseEvent;
import java.util.List;

/**
 * Splits a streamed answer's body into events as its chunks arrive: server-sent events for most
 * wires ({@link dev.anyrouter.protocol.sse.SseParser}); a binary framing (AWS's event stream)
 * yields each message as an event too, its type as the event name and its payload as the data, so
 * the wire's stream decoder reads it like any other. Every framing holds at most a bound of bytes
 * for one incomplete event, whatever the upstream sends. One per stream; not thread-safe.
 */
public interface StreamFraming {
    /**
     * Feeds the next chunk and returns every event it completes, in order.
     *
     * @throws EventTooLargeException when an event (or an endless line) passes the framing's bound
     * @throws MalformedStreamException when the bytes cannot be read as the framing's events
     */
    List<SseEvent> feed(byte[] chunk);

    /** An event longer than the framing's bound; the stream cannot be relayed. */
    final class EventTooLargeException extends RuntimeException {
        public EventTooLargeException(int limit) {
            super("an upstream stream event is longer than " + limit + " bytes", null, false, false);
        }
    }

    /**
     * Bytes the framing cannot read as events (a binary frame that fails its checksum or declares an
     * impossible length); the stream cannot be relayed. Its message never quotes the bytes.
     */
    final class MalformedStreamException extends RuntimeException {
        public MalformedStreamException(String why) {
            super(why, null, false, false);
        }
    }
}
