package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.WireCodec;
import dev.anyrouter.protocol.sse.SseEvent;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A stream crossing wires: each upstream event is decoded into neutral events, which are encoded
 * at once for the client, so a delta reaches the client as soon as its upstream event does. The
 * upstream is serving once a neutral event carries content (a delta, a named tool call, the finish);
 * an opening {@link StreamEvent.Start} or text block is not content, so until the first delta the
 * request may still move to another key, as on a stream passed through. An upstream's error is not
 * encoded as it came: the relay re-tells it, cleaned, with {@link #errorEvent}.
 */
final class TranslatedEvents implements StreamWatch {
    private final WireCodec.StreamDecoder decoder;
    private final WireCodec.StreamEncoder encoder;
    private final String fallbackId;
    private final String fallbackModel;
    private Usage usage = Usage.NONE;
    private boolean completed;
    private StreamEvent.Failure failure;
    private long generatedChars;
    /** What the events decoded from the last upstream event showed. */
    private StreamStart last = StreamStart.NOTHING_YET;

    TranslatedEvents(WireCodec.StreamDecoder decoder, WireCodec.StreamEncoder encoder, String fallbackId, String fallbackModel) {
        this.decoder = decoder;
        this.encoder = encoder;
        this.fallbackId = fallbackId;
        this.fallbackModel = fallbackModel;
    }

    @Override
    public Buffer relayed(SseEvent event, CostNote costs) {
        List<StreamEvent> events = decoder.accept(event);
        last = startOf(events);
        return encode(events);
    }

    @Override
    public StreamStart start(SseEvent event) {
        return last;
    }

    @Override
    public Buffer end() {
        return encode(decoder.end());
    }

    @Override
    public boolean completed() {
        return completed && failure == null;
    }

    @Override
    public StreamEvent.Failure failure() {
        return failure;
    }

    @Override
    public Usage usage() {
        return usage;
    }

    @Override
    public long generatedChars() {
        return generatedChars;
    }

    @Override
    public Buffer errorEvent(String type, String code, String message) {
        // The client's wire has one error type for a stream the gateway ends; the code goes to the usage log.
        return Buffer.buffer(encoder.encode(new StreamEvent.Failure(type != null ? type : "api_error", message)));
    }

    private static StreamStart startOf(List<StreamEvent> events) {
        for (StreamEvent event : events) {
            switch (event) {
                case StreamEvent.Failure f -> {
                    return StreamStart.ERROR;
                }
                case StreamEvent.TextDelta t when !t.text().isEmpty() -> {
                    return StreamStart.CONTENT;
                }
                case StreamEvent.ThinkingDelta t when !t.text().isEmpty() -> {
                    return StreamStart.CONTENT;
                }
                case StreamEvent.ToolArgumentsDelta t -> {
                    return StreamStart.CONTENT;
                }
                case StreamEvent.BlockStart b when b.kind() == StreamEvent.BlockKind.TOOL_CALL
                        || b.kind() == StreamEvent.BlockKind.REDACTED_THINKING -> {
                    return StreamStart.CONTENT;
                }
                case StreamEvent.Finish f -> {
                    return StreamStart.CONTENT;
                }
                case StreamEvent.End e -> {
                    return StreamStart.CONTENT;
                }
                default -> { }
            }
        }
        return StreamStart.NOTHING_YET;
    }

    private Buffer encode(List<StreamEvent> events) {
        if (events.isEmpty() || failure != null) return null;
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (StreamEvent event : events) {
            if (event instanceof StreamEvent.Failure f) {
                failure = f; // withheld, and nothing after it: the relay ends the stream with it, cleaned
                break;
            }
            switch (event) {
                case StreamEvent.Start s when s.id() == null || s.model() == null -> event = new StreamEvent.Start(
                        s.id() == null ? fallbackId : s.id(), s.model() == null ? fallbackModel : s.model(), s.usage());
                case StreamEvent.Finish f -> usage = f.usage();
                case StreamEvent.End e -> completed = true;
                default -> generatedChars += StreamEvent.generatedChars(event);
            }
            out.writeBytes(encoder.encode(event));
        }
        return out.size() == 0 ? null : Buffer.buffer(out.toByteArray());
    }
}
