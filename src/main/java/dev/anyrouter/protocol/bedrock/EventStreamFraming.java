package dev.anyrouter.protocol.bedrock;

import dev.anyrouter.protocol.StreamFraming;
import dev.anyrouter.protocol.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * Splits AWS's binary event stream ({@code application/vnd.amazon.eventstream}: length-prefixed
 * messages with typed headers and CRC checks) into events, decoded by AWS's own event-stream library.
 * Each message becomes one event: its {@code :event-type} header as the name (an exception message's
 * as {@code exception:<:exception-type>}) and its payload as the data (and as the raw bytes: a binary
 * frame is never relayed as it is, only translated). A frame that fails its
 * checksum fails the stream (the library throws), never yields a half-read event. Bytes held for
 * one message not yet complete are bounded as a server-sent event is: past the bound the stream fails.
 */
public final class EventStreamFraming implements StreamFraming {
    /** The prefix of an exception message's event name. */
    public static final String EXCEPTION = "exception:";

    private final MessageDecoder decoder = new MessageDecoder();
    private final int maxEventBytes;
    private long pending;

    /** @param maxEventBytes most bytes held for one message not yet complete */
    public EventStreamFraming(int maxEventBytes) {
        if (maxEventBytes < 1) throw new IllegalArgumentException("the event bound must be positive");
        this.maxEventBytes = maxEventBytes;
    }

    @Override
    public List<SseEvent> feed(byte[] chunk) {
        decoder.feed(chunk);
        List<Message> messages = decoder.getDecodedMessages();
        // An approximation on the safe side: what arrived since the last whole message is held.
        pending = messages.isEmpty() ? pending + chunk.length : 0;
        if (pending > maxEventBytes) throw new StreamFraming.EventTooLargeException(maxEventBytes);
        if (messages.isEmpty()) return List.of();
        List<SseEvent> events = new ArrayList<>(messages.size());
        for (Message m : messages) {
            String kind = text(m, ":message-type");
            String name = "exception".equals(kind) || "error".equals(kind)
                    ? EXCEPTION + (text(m, ":exception-type") != null ? text(m, ":exception-type") : text(m, ":error-code"))
                    : text(m, ":event-type");
            byte[] payload = m.getPayload();
            events.add(new SseEvent(payload, name, new String(payload, StandardCharsets.UTF_8)));
        }
        return events;
    }

    private static String text(Message m, String header) {
        HeaderValue v = m.getHeaders().get(header);
        return v == null ? null : v.getString();
    }
}
