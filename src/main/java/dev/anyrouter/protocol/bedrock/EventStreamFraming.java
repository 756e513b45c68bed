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
 * frame is never relayed as it is, only translated).
 *
 * <p>Bounded before the library sees a byte: each message's declared length is read here as it
 * arrives, and one over the bound fails the stream at once ({@link StreamFraming.EventTooLargeException}),
 * since the library allocates a buffer of the declared length (up to 24 MiB) as soon as it has read a
 * prelude. A frame the library cannot read (a checksum that fails, an impossible length) fails the
 * stream with {@link StreamFraming.MalformedStreamException}, never a half-read event, and without the
 * library's message, which quotes bytes of the stream.
 */
public final class EventStreamFraming implements StreamFraming {
    /** The prefix of an exception message's event name. */
    public static final String EXCEPTION = "exception:";
    /** A message's prelude (total length, headers length, their CRC) and its own CRC: its least length. */
    private static final int MIN_MESSAGE_BYTES = 16;
    /** The longest message the format allows (a 24 MiB payload, 128 KiB of headers): past it the bytes are no frame at all. */
    private static final long MAX_MESSAGE_BYTES = MIN_MESSAGE_BYTES + (128L << 10) + (24L << 20);

    private final MessageDecoder decoder = new MessageDecoder();
    private final int maxEventBytes;
    /** Bytes of the current message still to come; 0 between messages. */
    private long left;
    /** How many bytes of the next message's 4-byte length have arrived, and their value so far. */
    private int lengthBytes;
    private long length;

    /** @param maxEventBytes the longest message held (its declared length, all of it) */
    public EventStreamFraming(int maxEventBytes) {
        if (maxEventBytes < 1) throw new IllegalArgumentException("the event bound must be positive");
        this.maxEventBytes = maxEventBytes;
    }

    @Override
    public List<SseEvent> feed(byte[] chunk) {
        follow(chunk);
        List<Message> messages;
        try {
            decoder.feed(chunk);
            messages = decoder.getDecodedMessages();
        } catch (RuntimeException unreadable) {
            throw new StreamFraming.MalformedStreamException("an upstream event-stream frame could not be read");
        }
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

    /** Follows the messages' boundaries through {@code chunk}, judging each declared length as it completes. */
    private void follow(byte[] chunk) {
        int at = 0;
        while (at < chunk.length) {
            if (left > 0) {
                int skip = (int) Math.min(left, chunk.length - at);
                left -= skip;
                at += skip;
                continue;
            }
            length = (length << 8) | (chunk[at++] & 0xff);
            if (++lengthBytes < 4) continue;
            if (length < MIN_MESSAGE_BYTES || length > MAX_MESSAGE_BYTES) {
                // Text (an HTML page, JSON) read as a length is one of these: not an event stream at all.
                throw new StreamFraming.MalformedStreamException("an upstream stream is not an event stream");
            }
            if (length > maxEventBytes) throw new StreamFraming.EventTooLargeException(maxEventBytes);
            left = length - 4;
            lengthBytes = 0;
            length = 0;
        }
    }

    private static String text(Message m, String header) {
        HeaderValue v = m.getHeaders().get(header);
        return v == null ? null : v.getString();
    }
}
