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
 * checksum fails the stream (the library throws), never yields a half-read event. One message is
 * bounded as a server-sent event is: a message whose length prelude declares more than the bound
 * fails the stream as soon as those four bytes arrive, before the library sees them, since it
 * allocates a message's declared length (up to 24 MiB) on reading its prelude. Only the length is
 * read here, to find where each message starts; everything else is the library's.
 */
public final class EventStreamFraming implements StreamFraming {
    /** The prefix of an exception message's event name. */
    public static final String EXCEPTION = "exception:";

    private final MessageDecoder decoder = new MessageDecoder();
    private final int maxEventBytes;
    /** The current message's bytes still to come after its length, or 0 at a message's start. */
    private long remaining;
    /** The length prelude read so far (a message's first four bytes, big-endian) and how many of them. */
    private long length;
    private int lengthBytes;

    /** @param maxEventBytes most bytes held for one message not yet complete */
    public EventStreamFraming(int maxEventBytes) {
        if (maxEventBytes < 1) throw new IllegalArgumentException("the event bound must be positive");
        this.maxEventBytes = maxEventBytes;
    }

    @Override
    public List<SseEvent> feed(byte[] chunk) {
        checkLengths(chunk);
        decoder.feed(chunk);
        List<Message> messages = decoder.getDecodedMessages();
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

    /** Walks the chunk from message start to message start, refusing a message declared longer than the bound. */
    private void checkLengths(byte[] chunk) {
        int i = 0;
        while (i < chunk.length) {
            if (remaining > 0) {
                int skip = (int) Math.min(remaining, chunk.length - i);
                remaining -= skip;
                i += skip;
                continue;
            }
            length = (length << 8) | (chunk[i++] & 0xff);
            if (++lengthBytes < 4) continue;
            if (length > maxEventBytes) throw new StreamFraming.EventTooLargeException(maxEventBytes);
            // A length shorter than a prelude is the library's to refuse; counting on from here keeps the walk finite.
            remaining = Math.max(0, length - 4);
            length = 0;
            lengthBytes = 0;
        }
    }

    private static String text(Message m, String header) {
        HeaderValue v = m.getHeaders().get(header);
        return v == null ? null : v.getString();
    }
}
