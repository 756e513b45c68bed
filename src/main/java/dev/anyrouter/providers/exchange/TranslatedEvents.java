package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.WireCodec;
import dev.anyrouter.protocol.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A stream crossing wires: each upstream event is decoded into neutral events, which are encoded
 * at once for the client, so a delta reaches the client as soon as its upstream event does.
 */
public final class TranslatedEvents implements StreamRelay.Events {
    private static final String INCOMPLETE = "the upstream stream ended before it finished";

    private final WireCodec.StreamDecoder decoder;
    private final WireCodec.StreamEncoder encoder;
    private final String fallbackId;
    private final String fallbackModel;
    private Usage usage = Usage.NONE;
    private boolean completed;
    private boolean failed;

    public TranslatedEvents(WireCodec.StreamDecoder decoder, WireCodec.StreamEncoder encoder, String fallbackId, String fallbackModel) {
        this.decoder = decoder;
        this.encoder = encoder;
        this.fallbackId = fallbackId;
        this.fallbackModel = fallbackModel;
    }

    @Override
    public byte[] onEvent(SseEvent event) {
        return encode(decoder.accept(event));
    }

    @Override
    public byte[] onEnd() {
        byte[] tail = encode(decoder.end());
        if (completed || failed) return tail;
        failed = true;
        byte[] error = encoder.encode(new StreamEvent.Failure("api_error", INCOMPLETE));
        byte[] both = new byte[tail.length + error.length];
        System.arraycopy(tail, 0, both, 0, tail.length);
        System.arraycopy(error, 0, both, tail.length, error.length);
        return both;
    }

    @Override
    public byte[] errorEvent(String type, String message) {
        failed = true;
        return encoder.encode(new StreamEvent.Failure(type, message));
    }

    @Override
    public boolean completed() {
        return completed && !failed;
    }

    @Override
    public Usage usage() {
        return usage;
    }

    private byte[] encode(List<StreamEvent> events) {
        if (events.isEmpty()) return new byte[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (StreamEvent event : events) {
            switch (event) {
                case StreamEvent.Start s when s.id() == null || s.model() == null -> event = new StreamEvent.Start(
                        s.id() == null ? fallbackId : s.id(), s.model() == null ? fallbackModel : s.model(), s.usage());
                case StreamEvent.Finish f -> usage = f.usage();
                case StreamEvent.End e -> completed = true;
                case StreamEvent.Failure f -> failed = true;
                default -> { }
            }
            out.writeBytes(encoder.encode(event));
        }
        return out.toByteArray();
    }
}
