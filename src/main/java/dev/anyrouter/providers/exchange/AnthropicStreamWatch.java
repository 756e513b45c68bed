package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.anthropic.AnthropicCodec;
import dev.anyrouter.protocol.anthropic.AnthropicStreamDecoder;
import dev.anyrouter.protocol.sse.SseEvent;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * An Anthropic stream relayed to an Anthropic client: every event passes as the upstream wrote it
 * (byte for byte) but an {@code error} event, which the relay re-tells cleaned; the decoder only
 * watches for the usage, an error and the closing {@code message_stop}.
 * {@code message_start}, {@code ping} and an opening {@code content_block_start} are not content:
 * an upstream can send them and then an {@code overloaded_error}, and until the first delta the
 * request may still move to another key.
 */
final class AnthropicStreamWatch implements StreamWatch {
    /** The type of an event whose data is not JSON: before content, as much an error as an error event. */
    private static final String NOT_JSON = " not json";

    private final AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();
    private StreamEvent.Failure failure;
    private long generatedChars;

    @Override
    public Buffer relayed(SseEvent event, CostNote costs) {
        for (StreamEvent e : decoder.accept(event)) {
            if (e instanceof StreamEvent.Failure f && failure == null) failure = f;
            generatedChars += StreamEvent.generatedChars(e);
        }
        return failure != null ? null : Buffer.buffer(event.raw());
    }

    @Override
    public StreamStart start(SseEvent event) {
        return switch (type(event)) {
            case "", "message_start", "ping", "content_block_start" -> StreamStart.NOTHING_YET;
            case "error", NOT_JSON -> StreamStart.ERROR;
            default -> StreamStart.CONTENT;
        };
    }

    @Override
    public boolean completed() {
        return decoder.completed() && failure == null;
    }

    @Override
    public StreamEvent.Failure failure() {
        return failure;
    }

    @Override
    public Usage usage() {
        return decoder.usage();
    }

    @Override
    public boolean usageFinal() {
        return decoder.usageFinal();
    }

    @Override
    public long generatedChars() {
        return generatedChars;
    }

    @Override
    public Buffer errorEvent(String type, String code, String message) {
        return Buffer.buffer(new AnthropicCodec().streamEncoder(0, true)
                .encode(new StreamEvent.Failure(type != null ? type : "api_error", message)));
    }

    private static String type(SseEvent event) {
        if (event.event() != null && !event.event().isBlank()) return event.event();
        String data = event.data();
        if (data == null || data.isBlank()) return "";
        try {
            return Json.parse(data.getBytes(StandardCharsets.UTF_8)).path("type").asText("");
        } catch (MalformedJsonException e) {
            return NOT_JSON;
        }
    }
}
