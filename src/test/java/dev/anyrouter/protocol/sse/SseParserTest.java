package dev.anyrouter.protocol.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void splitsEventsAtBlankLinesAndKeepsRawBytes() {
        SseParser parser = new SseParser();
        List<SseEvent> events = parser.feed(utf8("data: {\"a\":1}\n\ndata: [DONE]\n\n"));
        assertThat(events).extracting(SseEvent::data).containsExactly("{\"a\":1}", "[DONE]");
        assertThat(new String(events.get(0).raw(), StandardCharsets.UTF_8)).isEqualTo("data: {\"a\":1}\n\n");
        assertThat(parser.pendingBytes()).isZero();
    }

    @Test
    void holdsAnIncompleteEventUntilItsBlankLineArrives() {
        SseParser parser = new SseParser();
        assertThat(parser.feed(utf8("data: hel"))).isEmpty();
        assertThat(parser.feed(utf8("lo\n"))).isEmpty();
        assertThat(parser.feed(utf8("\n"))).extracting(SseEvent::data).containsExactly("hello");
    }

    @Test
    void acceptsCrlfSeparatorsAsGeminiSendsThem() {
        SseParser parser = new SseParser();
        List<SseEvent> events = parser.feed(utf8("data: {\"x\":1}\r\n\r\ndata: {\"x\":2}\r\n\r\n"));
        assertThat(events).extracting(SseEvent::data).containsExactly("{\"x\":1}", "{\"x\":2}");
    }

    @Test
    void readsEventNamesAndJoinsMultiLineData() {
        SseParser parser = new SseParser();
        List<SseEvent> events = parser.feed(utf8("event: message_start\ndata: a\ndata: b\n\n: keep-alive\n\n"));
        assertThat(events).hasSize(2);
        assertThat(events.get(0).event()).isEqualTo("message_start");
        assertThat(events.get(0).data()).isEqualTo("a\nb");
        assertThat(events.get(1).data()).isNull();
    }

    @Test
    void anEndlessLineIsRefusedAtTheBoundWithoutHoldingMore() {
        // Before: the pending buffer doubled for as long as the upstream kept sending one line.
        SseParser parser = new SseParser(4096);
        byte[] chunk = utf8("data: " + "x".repeat(1000));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                parser.feed(chunk);
                assertThat(parser.pendingBytes()).isLessThanOrEqualTo(4096);
            }
        }).isInstanceOf(dev.anyrouter.protocol.StreamFraming.EventTooLargeException.class).hasMessageContaining("4096");
        SseParser oneBigChunk = new SseParser(4096);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> oneBigChunk.feed(new byte[1 << 20]))
                .isInstanceOf(dev.anyrouter.protocol.StreamFraming.EventTooLargeException.class);
        assertThat(oneBigChunk.pendingBytes()).isLessThanOrEqualTo(4096);
    }

    @Test
    void aChunkLargerThanTheBoundParsesWhenItsEventsAreSmall() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) many.append("data: {\"i\":").append(i).append("}\n\n");
        SseParser parser = new SseParser(256);
        List<SseEvent> events = parser.feed(utf8(many.toString()));
        assertThat(events).hasSize(2000);
        assertThat(events.get(1999).data()).isEqualTo("{\"i\":1999}");
        assertThat(parser.pendingBytes()).isZero();
        SseParser exact = new SseParser(16);
        assertThat(exact.feed(utf8("data: 0123456\n\n"))).extracting(SseEvent::data).containsExactly("0123456");
    }

    @Test
    void anySplitOfTheStreamYieldsTheSameEventsAndBytes() {
        String stream = "data: {\"i\":1}\n\nevent: e\r\ndata: {\"i\":2}\r\n\r\ndata: x\ndata: y\n\ndata: [DONE]\n\n";
        byte[] all = utf8(stream);
        Random random = new Random(20261127L);
        for (int round = 0; round < 500; round++) {
            Received received = new Received(new SseParser());
            received.feedInPieces(all, 12, random);
            assertThat(received.data).containsExactly("{\"i\":1}", "{\"i\":2}", "x\ny", "[DONE]");
            assertThat(received.raw.toByteArray()).isEqualTo(all);
        }
    }

    /** What a parser has given back so far: each event's data and all raw bytes, in order. */
    private static final class Received {
        final SseParser parser;
        final List<String> data = new ArrayList<>();
        final ByteArrayOutputStream raw = new ByteArrayOutputStream();

        Received(SseParser parser) {
            this.parser = parser;
        }

        void feed(byte[] piece) {
            for (SseEvent event : parser.feed(piece)) {
                data.add(event.data());
                raw.writeBytes(event.raw());
            }
        }

        /** Feeds all of the bytes in random pieces of 1 to maxPiece bytes. */
        void feedInPieces(byte[] all, int maxPiece, Random random) {
            int i = 0;
            while (i < all.length) {
                int n = 1 + random.nextInt(Math.min(maxPiece, all.length - i));
                feed(java.util.Arrays.copyOfRange(all, i, i + n));
                i += n;
            }
        }
    }

    @Test
    void randomStreamsOfLongMultiByteEventsSplitAnywhereKeepTheirDataAndBytes() {
        Random random = new Random(20261128L);
        String[] endings = {"\n", "\r\n", "\r"};
        for (int round = 0; round < 200; round++) {
            StringBuilder stream = new StringBuilder();
            List<String> expected = new ArrayList<>();
            int count = 1 + random.nextInt(6);
            for (int e = 0; e < count; e++) {
                String end = endings[random.nextInt(endings.length)];
                // Events longer than the parser's first buffer, with characters of 2 to 4 UTF-8 bytes.
                String value = "é€😀x".repeat(random.nextInt(300));
                if (random.nextBoolean()) stream.append("event: e").append(e).append(end);
                stream.append("data: ").append(value).append(end).append(end);
                expected.add(value);
            }
            byte[] all = utf8(stream.toString());
            Received received = new Received(new SseParser());
            received.feedInPieces(all, 700, random);
            if (stream.toString().endsWith("\r")) {
                // A CR last may still be followed by an LF, so the final event waits for more bytes.
                received.feed(utf8("\n"));
                all = utf8(stream + "\n");
            }
            assertThat(received.data).containsExactlyElementsOf(expected);
            assertThat(received.raw.toByteArray()).isEqualTo(all);
            assertThat(received.parser.pendingBytes()).isZero();
        }
    }
}
