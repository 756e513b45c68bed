package dev.anyrouter.protocol.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.StreamFraming;
import dev.anyrouter.protocol.UnsupportedFieldException;
import dev.anyrouter.protocol.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * AWS's binary event stream as an upstream might send it, in any chunks, through the framing and
 * Bedrock's stream decoder: events, or a clean failure (an event over the bound, a frame that cannot
 * be read, a refusal of its JSON), never another exception. Well-formed frames within the bound all
 * come back, in order; a frame over it is refused from its declared length alone, before the
 * event-stream library allocates a buffer of that length.
 */
class EventStreamFramingFuzzTest {
    private static final int BOUND = 4096;
    private static final List<String> TYPES = List.of("messageStart", "contentBlockStart", "contentBlockDelta",
            "contentBlockStop", "messageStop", "metadata", "throttlingException", "validationException", "other");

    private static byte[] frame(String type, byte[] payload) {
        boolean exception = type.endsWith("Exception");
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(exception ? ":exception-type" : ":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString(exception ? "exception" : "event"));
        ByteBuffer b = new Message(headers, payload).toByteBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @FuzzTest(maxDuration = "10s")
    void anyBytesInAnyChunksGiveEventsOrACleanFailure(FuzzedDataProvider data) {
        Random chunking = new Random(data.consumeLong());
        boolean framed = data.consumeBoolean();
        int corruptAt = data.consumeInt(-1, 2 * BOUND);
        List<byte[]> payloads = new ArrayList<>();
        boolean overBound = false;
        byte[] stream;
        if (framed) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int n = data.consumeInt(0, 6); n > 0 && data.remainingBytes() > 0; n--) {
                String type = data.pickValue(TYPES);
                byte[] payload = data.consumeBytes(data.consumeInt(0, 2 * BOUND));
                byte[] frame = frame(type, payload);
                if (!overBound && frame.length <= BOUND) payloads.add(payload);
                overBound |= frame.length > BOUND;
                out.writeBytes(frame);
            }
            stream = out.toByteArray();
        } else {
            stream = data.consumeRemainingAsBytes();
        }
        boolean corrupted = corruptAt >= 0 && corruptAt < stream.length;
        if (corrupted) stream[corruptAt] ^= 0x5a;

        EventStreamFraming framing = new EventStreamFraming(BOUND);
        ConverseStreamDecoder decoder = new ConverseStreamDecoder();
        List<byte[]> got = new ArrayList<>();
        try {
            for (int at = 0; at < stream.length; ) {
                int size = Math.min(stream.length - at, 1 + chunking.nextInt(BOUND));
                for (SseEvent event : framing.feed(Arrays.copyOfRange(stream, at, at + size))) {
                    got.add(event.raw());
                    decode(decoder, event);
                }
                at += size;
            }
        } catch (StreamFraming.EventTooLargeException | StreamFraming.MalformedStreamException refused) {
            assertThat(framed && !corrupted && !overBound).as("a well-formed stream within the bound was refused").isFalse();
            assertThat(refused.getMessage()).doesNotContainPattern("0x[0-9a-f]");
            return;
        }
        assertThat(framed && !corrupted && overBound).as("a frame over the bound was read").isFalse();
        if (framed && !corrupted) {
            assertThat(got).hasSameSizeAs(payloads);
            for (int i = 0; i < got.size(); i++) assertThat(got.get(i)).isEqualTo(payloads.get(i));
        }
    }

    private static void decode(ConverseStreamDecoder decoder, SseEvent event) {
        try {
            decoder.accept(event);
        } catch (MalformedJsonException | UnsupportedFieldException refusal) {
            // the decoder's clean refusal of what the frame carried
        }
    }

    @Test
    void aMessageDeclaringMoreThanTheBoundIsRefusedFromItsPreludeAlone() {
        // Before: the library read the prelude and allocated the declared 20 MB, and nothing was refused
        // until that many bytes had arrived.
        ByteBuffer prelude = ByteBuffer.allocate(15).putInt(20_000_000).putInt(0);
        CRC32 crc = new CRC32();
        crc.update(prelude.array(), 0, 8);
        prelude.putInt((int) crc.getValue());
        EventStreamFraming framing = new EventStreamFraming(1 << 20);
        assertThatThrownBy(() -> framing.feed(prelude.array())).isInstanceOf(StreamFraming.EventTooLargeException.class);
    }

    @Test
    void aFrameThatFailsItsChecksumIsMalformedAndNotQuoted() {
        // Before: the library's IllegalArgumentException/IllegalStateException, quoting checksums of the bytes.
        byte[] frame = frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"hi\"}}".getBytes());
        frame[frame.length - 8] ^= 0x5a;
        assertThatThrownBy(() -> new EventStreamFraming(BOUND).feed(frame))
                .isInstanceOf(StreamFraming.MalformedStreamException.class).hasMessageNotContaining("0x");
        byte[] prelude = frame("messageStop", "{}".getBytes());
        prelude[9] ^= 0x5a;
        assertThatThrownBy(() -> new EventStreamFraming(BOUND).feed(prelude)).isInstanceOf(StreamFraming.MalformedStreamException.class);
        // Text read as a frame's length is far past any frame the format allows: no event stream at all.
        assertThatThrownBy(() -> new EventStreamFraming(1 << 30).feed("<!DOCTYPE html><html>".getBytes()))
                .isInstanceOf(StreamFraming.MalformedStreamException.class);
    }

    @Test
    void wellFormedFramesInOneByteChunksAllComeBack() {
        byte[] a = frame("messageStart", "{\"role\":\"assistant\"}".getBytes());
        byte[] b = frame("messageStop", "{\"stopReason\":\"end_turn\"}".getBytes());
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        EventStreamFraming framing = new EventStreamFraming(BOUND);
        List<String> names = new ArrayList<>();
        for (byte x : both) framing.feed(new byte[] {x}).forEach(e -> names.add(e.event()));
        assertThat(names).containsExactly("messageStart", "messageStop");
    }
}
