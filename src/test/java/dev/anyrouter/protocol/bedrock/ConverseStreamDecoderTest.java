package dev.anyrouter.protocol.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.protocol.StopReason;
import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * ConverseStream frames, written with AWS's event-stream library and fed in arbitrary pieces, read
 * back by the framing and the decoder: text, a tool call's arguments, the finish with its usage, and
 * an exception frame as a failure.
 */
class ConverseStreamDecoderTest {
    private static byte[] frame(String type, String payload, boolean exception) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(exception ? ":exception-type" : ":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString(exception ? "exception" : "event"));
        ByteBuffer b = new Message(headers, payload.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static List<StreamEvent> decode(byte[] stream, int pieceSize) {
        EventStreamFraming framing = new EventStreamFraming(1 << 20);
        ConverseStreamDecoder decoder = new ConverseStreamDecoder();
        List<StreamEvent> out = new ArrayList<>();
        for (int i = 0; i < stream.length; i += pieceSize) {
            byte[] piece = java.util.Arrays.copyOfRange(stream, i, Math.min(stream.length, i + pieceSize));
            for (SseEvent e : framing.feed(piece)) out.addAll(decoder.accept(e));
        }
        out.addAll(decoder.end());
        return out;
    }

    private static byte[] join(byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) out.writeBytes(f);
        return out.toByteArray();
    }

    @Test
    void textAndAToolCallWhateverTheChunking() {
        byte[] stream = join(frame("messageStart", "{\"role\":\"assistant\",\"p\":\"abc\"}", false),
                frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}", false),
                frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"lo\"}}", false),
                frame("contentBlockStop", "{\"contentBlockIndex\":0}", false),
                frame("contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"get_weather\"}}}", false),
                frame("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"location\\\":\"}}}", false),
                frame("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"\\\"Boston\\\"}\"}}}", false),
                frame("contentBlockStop", "{\"contentBlockIndex\":1}", false),
                frame("messageStop", "{\"stopReason\":\"tool_use\"}", false),
                frame("metadata", "{\"usage\":{\"inputTokens\":10,\"outputTokens\":7,\"cacheReadInputTokens\":4},\"metrics\":{\"latencyMs\":5}}", false));
        for (int piece : new int[] {1, 7, 64, stream.length}) {
            List<StreamEvent> events = decode(stream, piece);
            assertThat(events).as("piece " + piece).containsExactly(
                    new StreamEvent.Start(null, null, dev.anyrouter.protocol.Usage.NONE),
                    new StreamEvent.BlockStart(0, StreamEvent.BlockKind.TEXT, null, null, null),
                    new StreamEvent.TextDelta(0, "Hel"), new StreamEvent.TextDelta(0, "lo"), new StreamEvent.BlockStop(0),
                    new StreamEvent.BlockStart(1, StreamEvent.BlockKind.TOOL_CALL, "t1", "get_weather", null),
                    new StreamEvent.ToolArgumentsDelta(1, "{\"location\":"), new StreamEvent.ToolArgumentsDelta(1, "\"Boston\"}"),
                    new StreamEvent.BlockStop(1),
                    new StreamEvent.Finish(StopReason.TOOL_USE, null, new dev.anyrouter.protocol.Usage(14, 7, 4, 0, 0)),
                    new StreamEvent.End());
        }
    }

    @Test
    void anExceptionFrameIsAFailure() {
        byte[] stream = join(frame("messageStart", "{\"role\":\"assistant\"}", false),
                frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"}}", false),
                frame("throttlingException", "{\"message\":\"Too many requests\"}", true));
        List<StreamEvent> events = decode(stream, 5);
        assertThat(events.getLast()).isEqualTo(new StreamEvent.Failure("rate_limit_error", "Too many requests"));
    }

    @Test
    void aStreamThatStopsWithoutMetadataStillFinishesAndOneThatDoesNotStopDoesNot() {
        byte[] stopped = join(frame("messageStart", "{}", false), frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"x\"}}", false),
                frame("messageStop", "{\"stopReason\":\"end_turn\"}", false));
        assertThat(decode(stopped, 100)).endsWith(new StreamEvent.Finish(StopReason.END_TURN, null, dev.anyrouter.protocol.Usage.NONE),
                new StreamEvent.End());
        byte[] cut = join(frame("messageStart", "{}", false), frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"x\"}}", false));
        assertThat(decode(cut, 100)).noneMatch(e -> e instanceof StreamEvent.End);
    }
}
