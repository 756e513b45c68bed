package dev.anyrouter.providers.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.openai.ResponsesStreamState;
import dev.anyrouter.protocol.openai.ResponsesUsage;
import dev.anyrouter.protocol.sse.SseEvent;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * A Responses stream: every event passes as it came, the final one with its usage also saying what
 * the request cost and who paid. Proper when it ended with {@code response.completed} or
 * {@code response.incomplete}; a {@code response.failed} or {@code error} from the upstream is
 * withheld and re-told by the relay, cleaned, as the {@code error} event a stream cut short also
 * gets, numbered after the last one relayed, as OpenAI's own stream would end.
 */
final class ResponsesStreamWatch implements StreamWatch {
    private final ResponsesStreamState monitor = new ResponsesStreamState();
    private StreamEvent.Failure failure;

    @Override
    public Buffer relayed(SseEvent event, CostNote costs) {
        if (failure != null) return null;
        monitor.accept(event);
        if (monitor.ending() == ResponsesStreamState.Ending.FAILED) {
            failure = failureOf(event);
            return null;
        }
        String data = event.data();
        if (data == null || !data.contains("\"usage\"") || !isFinal(event)) return Buffer.buffer(event.raw());
        try {
            JsonNode json = Json.parse(data.getBytes(StandardCharsets.UTF_8));
            JsonNode response = json.path("response");
            Usage reported = ResponsesUsage.from(response);
            if (reported == null) return Buffer.buffer(event.raw());
            costs.annotate(response.get("usage"), reported);
            Buffer out = Buffer.buffer();
            if (event.event() != null) out.appendString("event: " + event.event() + "\n");
            return out.appendString("data: ").appendBytes(Json.bytes(json)).appendString("\n\n");
        } catch (MalformedJsonException e) {
            return Buffer.buffer(event.raw());
        }
    }

    private static boolean isFinal(SseEvent event) {
        String name = event.event();
        return name == null || name.equals("response.completed") || name.equals("response.incomplete")
                || name.equals("response.failed");
    }

    @Override
    public StreamStart start(SseEvent event) {
        return StreamStart.ofResponses(event);
    }

    @Override
    public boolean completed() {
        return monitor.ending() == ResponsesStreamState.Ending.COMPLETED;
    }

    @Override
    public Usage usage() {
        return monitor.usage();
    }

    @Override
    public boolean usageFinal() {
        return monitor.usageFinal();
    }

    @Override
    public long generatedChars() {
        return monitor.generatedChars();
    }

    @Override
    public StreamEvent.Failure failure() {
        return failure;
    }

    /** An {@code error} event's code and message, or a {@code response.failed}'s {@code response.error}. */
    private static StreamEvent.Failure failureOf(SseEvent event) {
        JsonNode json;
        try {
            json = Json.parse(event.data() == null ? new byte[0] : event.data().getBytes(StandardCharsets.UTF_8));
        } catch (MalformedJsonException e) {
            return new StreamEvent.Failure(null, "");
        }
        JsonNode error = json.has("response") ? json.path("response").path("error") : json;
        return new StreamEvent.Failure(error.path("code").asText(null), error.path("message").asText(""));
    }

    @Override
    public Buffer errorEvent(String type, String code, String message) {
        var event = Json.object().put("type", "error").put("code", code).put("message", message);
        event.putNull("param");
        event.put("sequence_number", monitor.nextSequenceNumber());
        return Buffer.buffer("event: error\ndata: ").appendBytes(Json.bytes(event)).appendString("\n\n");
    }
}
