package dev.anyrouter.protocol.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anyrouter.protocol.StreamFraming;
import dev.anyrouter.protocol.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * The event-stream framing's bound on one message: a message longer than it fails the stream as
 * soon as its length prelude is read — before AWS's decoder, which allocates a message's declared
 * length at once, is given it — whatever else the same read carried; messages within it pass in any
 * chunking.
 */
class EventStreamFramingTest {
    private static final int BOUND = 1024;

    private static byte[] message(int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 'a');
        ByteBuffer b = new Message(Map.of(":event-type", HeaderValue.fromString("contentBlockDelta"),
                ":message-type", HeaderValue.fromString("event")), payload).toByteBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static byte[] join(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** The first {@code n} bytes of a message that declares {@code total} bytes: a prelude, and no more yet. */
    private static byte[] preludeOf(int total, int n) {
        return Arrays.copyOf(ByteBuffer.allocate(4).putInt(total).array(), n);
    }

    @Test
    void messagesUpToTheBoundPassWhateverTheChunking() {
        byte[] largest = message(BOUND - 100);
        byte[] exact = message(BOUND - message(0).length); // exactly BOUND bytes on the wire
        assertThat(exact).hasSize(BOUND);
        byte[] stream = join(message(10), largest, exact, message(0));
        for (int piece : new int[] {1, 3, 7, 64, 1000, stream.length}) {
            EventStreamFraming framing = new EventStreamFraming(BOUND);
            List<SseEvent> events = new ArrayList<>();
            for (int i = 0; i < stream.length; i += piece) {
                events.addAll(framing.feed(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + piece))));
            }
            assertThat(events).as("piece " + piece).hasSize(4);
            assertThat(events.get(1).data()).hasSize(BOUND - 100);
        }
    }

    @Test
    void aMessageDeclaringMoreThanTheBoundFailsOnItsPreludeBeforeAnyMoreArrives() {
        EventStreamFraming framing = new EventStreamFraming(BOUND);
        // 24 MiB is what AWS's decoder would allocate for this message on reading its prelude.
        byte[] prelude = preludeOf(24 << 20, 4);
        assertThat(framing.feed(Arrays.copyOf(prelude, 2))).isEmpty();
        assertThatThrownBy(() -> framing.feed(Arrays.copyOfRange(prelude, 2, 4)))
                .isInstanceOf(StreamFraming.EventTooLargeException.class).hasMessageContaining(Integer.toString(BOUND));
    }

    @Test
    void aWholeMessageFollowedInTheSameReadByTheStartOfAnOversizedOneStillFails() {
        EventStreamFraming framing = new EventStreamFraming(BOUND);
        byte[] big = message(4 * BOUND);
        // One read: a whole small message, then the oversized one minus its last byte, then that byte.
        byte[] first = join(message(10), Arrays.copyOf(big, big.length - 1));
        assertThatThrownBy(() -> {
            framing.feed(first);
            framing.feed(new byte[] {big[big.length - 1]});
        }).isInstanceOf(StreamFraming.EventTooLargeException.class);
    }
}
