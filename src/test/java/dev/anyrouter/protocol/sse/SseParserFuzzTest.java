package dev.anyrouter.protocol.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;

/**
 * Any bytes, cut into any chunks: the parser never throws but for an event past its bound, never
 * holds more than the bound, and the events' raw bytes are exactly a prefix of the stream.
 */
class SseParserFuzzTest {
    private static final int BOUND = 4096;

    @FuzzTest(maxDuration = "10s")
    void anyStreamInAnyChunksParsesWithinTheBound(FuzzedDataProvider data) {
        SseParser parser = new SseParser(BOUND);
        ByteArrayOutputStream fed = new ByteArrayOutputStream();
        ByteArrayOutputStream parsed = new ByteArrayOutputStream();
        try {
            while (data.remainingBytes() > 0) {
                byte[] chunk = data.consumeBytes(1 + data.consumeInt(0, 2 * BOUND));
                fed.writeBytes(chunk);
                for (SseEvent event : parser.feed(chunk)) parsed.writeBytes(event.raw());
                assertThat(parser.pendingBytes()).isLessThanOrEqualTo(BOUND);
            }
        } catch (dev.anyrouter.protocol.StreamFraming.EventTooLargeException expected) {
            assertThat(parser.pendingBytes()).isLessThanOrEqualTo(BOUND);
            return;
        }
        byte[] all = fed.toByteArray();
        byte[] events = parsed.toByteArray();
        assertThat(events.length + parser.pendingBytes()).isEqualTo(all.length);
        assertThat(java.util.Arrays.equals(events, 0, events.length, all, 0, events.length)).isTrue();
    }
}
