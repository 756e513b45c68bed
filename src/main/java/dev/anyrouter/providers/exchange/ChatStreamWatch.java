package dev.anyrouter.providers.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.openai.StreamMonitor;
import dev.anyrouter.protocol.sse.SseEvent;
import io.vertx.core.buffer.Buffer;

/**
 * A Chat Completions stream: chunks pass as they came, except the usage chunk the gateway asked
 * for on its own; the usage chunk also says what the request cost and who paid; a broken stream
 * ends with an {@code error} chunk.
 */
final class ChatStreamWatch implements StreamWatch {
    private final StreamMonitor monitor;

    ChatStreamWatch(boolean clientWantsUsage) {
        this.monitor = new StreamMonitor(clientWantsUsage);
    }

    @Override
    public Buffer relayed(SseEvent event, CostNote costs) {
        if (!monitor.accept(event)) return null;
        JsonNode chunk = monitor.usageChunk();
        if (chunk == null) return Buffer.buffer(event.raw());
        costs.annotate(chunk.get("usage"), monitor.usage());
        return Buffer.buffer("data: ").appendBytes(Json.bytes(chunk)).appendString("\n\n");
    }

    @Override
    public StreamStart start(SseEvent event) {
        return StreamStart.of(event);
    }

    @Override
    public boolean completed() {
        return monitor.completed();
    }

    @Override
    public Usage usage() {
        return monitor.usage();
    }

    @Override
    public long generatedChars() {
        return monitor.generatedChars();
    }

    @Override
    public Buffer errorEvent(String code, String message) {
        Buffer error = ClientWire.OPENAI.errorBody(new ApiError(502, "upstream_error", code, message));
        return Buffer.buffer("data: ").appendBuffer(error).appendString("\n\n");
    }
}
