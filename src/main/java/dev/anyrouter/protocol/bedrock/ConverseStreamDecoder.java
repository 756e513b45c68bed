package dev.anyrouter.protocol.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.StopReason;
import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.StreamEvent.BlockKind;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.WireCodec;
import dev.anyrouter.protocol.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns ConverseStream's events ({@code messageStart}, {@code contentBlockStart},
 * {@code contentBlockDelta}, {@code contentBlockStop}, {@code messageStop}, {@code metadata}) into
 * neutral events; each arrives as an {@link SseEvent} named by its {@code :event-type}, an exception
 * frame as {@code exception:<type>} ({@link EventStreamFraming}). A text block has no start event:
 * its first delta opens it. The finish waits for {@code metadata}, which carries the usage.
 */
final class ConverseStreamDecoder implements WireCodec.StreamDecoder {
    private final Map<Integer, Integer> blockOfIndex = new HashMap<>();
    private int nextBlock;
    private int openBlock = -1;
    private StopReason stopReason;
    private boolean stopped;
    private boolean finished;

    @Override
    public List<StreamEvent> accept(SseEvent event) {
        List<StreamEvent> out = new ArrayList<>(2);
        if (finished || event.event() == null) return out;
        JsonNode data;
        try {
            data = event.data() == null || event.data().isEmpty() ? Json.object()
                    : Json.parse(event.data().getBytes(StandardCharsets.UTF_8));
        } catch (MalformedJsonException e) {
            return out;
        }
        String type = event.event();
        if (type.startsWith(EventStreamFraming.EXCEPTION)) {
            finished = true;
            out.add(new StreamEvent.Failure(errorType(type.substring(EventStreamFraming.EXCEPTION.length())),
                    data.path("message").asText("Bedrock ended the stream with " + type.substring(EventStreamFraming.EXCEPTION.length()))));
            return out;
        }
        switch (type) {
            case "messageStart" -> out.add(new StreamEvent.Start(null, null, Usage.NONE));
            case "contentBlockStart" -> {
                JsonNode use = data.path("start").path("toolUse");
                if (use.isObject()) {
                    open(data.path("contentBlockIndex").asInt(), BlockKind.TOOL_CALL, use.path("toolUseId").asText(),
                            use.path("name").asText(), out);
                }
            }
            case "contentBlockDelta" -> delta(data.path("contentBlockIndex").asInt(), data.path("delta"), out);
            case "contentBlockStop" -> close(out);
            case "messageStop" -> {
                close(out);
                stopReason = ConverseReplies.stopReason(data.path("stopReason").asText(null));
                stopped = true;
            }
            case "metadata" -> {
                close(out);
                finish(ConverseReplies.usage(data.get("usage")), out);
            }
            default -> { }
        }
        return out;
    }

    @Override
    public List<StreamEvent> end() {
        List<StreamEvent> out = new ArrayList<>(2);
        // A stream that stopped but sent no metadata still ended properly; one that did not stop is broken.
        if (!finished && stopped) finish(Usage.NONE, out);
        return out;
    }

    private void delta(int index, JsonNode delta, List<StreamEvent> out) {
        if (delta.path("text").isTextual()) {
            int block = open(index, BlockKind.TEXT, null, null, out);
            out.add(new StreamEvent.TextDelta(block, delta.get("text").asText()));
        } else if (delta.path("toolUse").isObject()) {
            Integer block = blockOfIndex.get(index);
            if (block != null) out.add(new StreamEvent.ToolArgumentsDelta(block, delta.get("toolUse").path("input").asText("")));
        } else if (delta.path("reasoningContent").isObject()) {
            JsonNode r = delta.get("reasoningContent");
            if (r.path("redactedContent").isTextual()) {
                open(index, BlockKind.REDACTED_THINKING, null, null, r.get("redactedContent").asText(), out);
                return;
            }
            int block = open(index, BlockKind.THINKING, null, null, out);
            if (r.path("text").isTextual()) out.add(new StreamEvent.ThinkingDelta(block, r.get("text").asText()));
            if (r.path("signature").isTextual()) out.add(new StreamEvent.SignatureDelta(block, r.get("signature").asText()));
        }
    }

    private int open(int index, BlockKind kind, String id, String name, List<StreamEvent> out) {
        return open(index, kind, id, name, null, out);
    }

    private int open(int index, BlockKind kind, String id, String name, String data, List<StreamEvent> out) {
        Integer known = blockOfIndex.get(index);
        if (known != null) return known;
        close(out);
        int block = nextBlock++;
        blockOfIndex.put(index, block);
        openBlock = block;
        out.add(new StreamEvent.BlockStart(block, kind, id, name, data));
        return block;
    }

    private void close(List<StreamEvent> out) {
        if (openBlock < 0) return;
        out.add(new StreamEvent.BlockStop(openBlock));
        openBlock = -1;
    }

    private void finish(Usage usage, List<StreamEvent> out) {
        finished = true;
        out.add(new StreamEvent.Finish(stopReason == null ? StopReason.END_TURN : stopReason, null, usage));
        out.add(new StreamEvent.End());
    }

    /** Bedrock's exception names as the neutral error types the client wires know. */
    private static String errorType(String exception) {
        return switch (exception) {
            case "throttlingException" -> "rate_limit_error";
            case "serviceUnavailableException", "modelNotReadyException" -> "overloaded_error";
            case "validationException" -> "invalid_request_error";
            default -> "api_error";
        };
    }
}
