package dev.anyrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.sse.SseEvent;
import dev.anyrouter.protocol.sse.SseParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the recorded wire payloads under {@code src/test/resources/wire/} and runs streams through codecs. */
public final class Fixtures {
    private Fixtures() {}

    public static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/wire/" + path)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String path) {
        return Json.parse(bytes(path));
    }

    public static List<SseEvent> sse(byte[] bytes) {
        return new SseParser().feed(bytes);
    }

    /** Every neutral event a decoder makes of a whole SSE transcript, its end included. */
    public static List<StreamEvent> decode(WireCodec codec, byte[] transcript) {
        WireCodec.StreamDecoder decoder = codec.streamDecoder();
        List<StreamEvent> events = new ArrayList<>();
        for (SseEvent e : sse(transcript)) events.addAll(decoder.accept(e));
        events.addAll(decoder.end());
        return events;
    }

    /** The SSE bytes an encoder writes for neutral events. */
    public static byte[] encode(WireCodec codec, List<StreamEvent> events, boolean includeUsage) {
        WireCodec.StreamEncoder encoder = codec.streamEncoder(1_700_000_000L, includeUsage);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (StreamEvent e : events) out.writeBytes(encoder.encode(e));
        return out.toByteArray();
    }

    /** What a client assembles from a neutral stream: the whole reply. */
    public static ModelReply assemble(List<StreamEvent> events) {
        return StreamAssembly.of(events);
    }
}
