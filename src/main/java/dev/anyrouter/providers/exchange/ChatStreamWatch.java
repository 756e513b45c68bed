package dev.anyrouter.providers.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.openai.ChatStreamState;
import dev.anyrouter.protocol.sse.SseEvent;
import io.vertx.core.buffer.Buffer;

/**
 * A Chat Completions stream: chunks pass as they came, except the usage chunk the gateway asked
 * for on its own and an upstream's {@code error} chunk; the usage chunk also says what the request
 * cost and who paid; a broken stream ends with an {@code error} chunk of the gateway's.
 */
final class ChatStreamWatch implements StreamWatch {
    private final ChatStreamState monitor;

    ChatStreamWatch(boolean clientWantsUsage) {
        this.monitor = new ChatStreamState(clientWantsUsage);
    }

    @Override
    public Buffer relayed(SseEvent event, CostNote costs) {
        boolean forward = monitor.accept(event);
        if (monitor.error() != null) return null;
        if (!forward) return null;
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
    public StreamEvent.Failure failure() {
        JsonNode error = monitor.error();
        if (error == null) return null;
        return new StreamEvent.Failure(error.path("type").asText(null), error.path("message").asText(""));
    }

    @Override
    public Buffer errorEvent(String type, String code, String message) {
        Buffer error = ClientWire.OPENAI.errorBody(new ApiError(502, type != null ? type : "upstream_error", code, message));
        return Buffer.buffer("data: ").appendBuffer(error).appendString("\n\n");
    }
}
