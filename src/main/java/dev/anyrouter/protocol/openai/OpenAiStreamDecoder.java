package dev.anyrouter.protocol.openai;

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
 * Turns OpenAI {@code chat.completion.chunk} events into neutral events. Text, reasoning and each
 * tool call (told apart by {@code tool_calls[].index}) become blocks; the finish reason and the
 * trailing usage chunk become one {@link StreamEvent.Finish}, emitted at {@code [DONE]} (or when
 * the body ends) so that it carries the usage.
 */
final class OpenAiStreamDecoder implements WireCodec.StreamDecoder {
    private final Map<Integer, Integer> blockOfToolIndex = new HashMap<>();
    private boolean started;
    private int nextBlock;
    private int openBlock = -1;
    private BlockKind openKind;
    private StopReason stopReason;
    private Usage usage;
    private boolean finished;

    @Override
    public List<StreamEvent> accept(SseEvent event) {
        List<StreamEvent> out = new ArrayList<>(2);
        String data = event.data();
        if (data == null || finished) return out;
        if (data.equals("[DONE]")) {
            finish(out);
            return out;
        }
        JsonNode chunk;
        try {
            chunk = Json.parse(data.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedJsonException e) {
            return out;
        }
        if (chunk.has("error")) {
            JsonNode error = chunk.get("error");
            finished = true;
            out.add(new StreamEvent.Failure(error.path("type").asText("api_error"), error.path("message").asText("upstream error")));
            return out;
        }
        if (!started) {
            started = true;
            out.add(new StreamEvent.Start(chunk.path("id").asText(null), chunk.path("model").asText(null), Usage.NONE));
        }
        Usage reported = OpenAiReplies.usage(chunk.get("usage"));
        if (reported != null) usage = reported;
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) return out;
        JsonNode delta = choice.path("delta");
        String reasoning = OpenAiReplies.reasoningText(delta);
        if (reasoning != null && !reasoning.isEmpty()) {
            int index = ensureOpen(BlockKind.THINKING, out);
            out.add(new StreamEvent.ThinkingDelta(index, reasoning));
        }
        JsonNode content = delta.get("content");
        if (content != null && content.isTextual() && !content.asText().isEmpty()) {
            int index = ensureOpen(BlockKind.TEXT, out);
            out.add(new StreamEvent.TextDelta(index, content.asText()));
        }
        JsonNode refusal = delta.get("refusal");
        if (refusal != null && refusal.isTextual() && !refusal.asText().isEmpty()) {
            stopReason = StopReason.REFUSAL;
            int index = ensureOpen(BlockKind.TEXT, out);
            out.add(new StreamEvent.TextDelta(index, refusal.asText()));
        }
        for (JsonNode call : delta.path("tool_calls")) toolCall(call, out);
        String finish = choice.path("finish_reason").asText(null);
        if (finish != null && !"null".equals(finish)) {
            closeOpen(out);
            if (stopReason == null) stopReason = OpenAiReplies.stopReason(finish);
        }
        return out;
    }

    private void toolCall(JsonNode call, List<StreamEvent> out) {
        int toolIndex = call.path("index").asInt(blockOfToolIndex.size());
        Integer block = blockOfToolIndex.get(toolIndex);
        JsonNode fn = call.path("function");
        if (block == null) {
            closeOpen(out);
            block = nextBlock++;
            blockOfToolIndex.put(toolIndex, block);
            openBlock = block;
            openKind = BlockKind.TOOL_CALL;
            out.add(new StreamEvent.BlockStart(block, BlockKind.TOOL_CALL, call.path("id").asText(""),
                    fn.path("name").asText(""), null));
        }
        String args = fn.path("arguments").asText("");
        // Fragments of a call that was already closed (an upstream interleaving calls) cannot be
        // sent after its stop on block-ordered wires; OpenAI itself streams calls one after another.
        if (!args.isEmpty() && block == openBlock) out.add(new StreamEvent.ToolArgumentsDelta(block, args));
    }

    private int ensureOpen(BlockKind kind, List<StreamEvent> out) {
        if (openBlock >= 0 && openKind == kind) return openBlock;
        closeOpen(out);
        openBlock = nextBlock++;
        openKind = kind;
        out.add(new StreamEvent.BlockStart(openBlock, kind, null, null, null));
        return openBlock;
    }

    private void closeOpen(List<StreamEvent> out) {
        if (openBlock < 0) return;
        out.add(new StreamEvent.BlockStop(openBlock));
        openBlock = -1;
        openKind = null;
    }

    private void finish(List<StreamEvent> out) {
        if (finished || !started) return;
        finished = true;
        closeOpen(out);
        out.add(new StreamEvent.Finish(stopReason == null ? StopReason.END_TURN : stopReason, null,
                usage == null ? Usage.NONE : usage));
        out.add(new StreamEvent.End());
    }

    @Override
    public List<StreamEvent> end() {
        // Without [DONE] the stream did not end as the wire ends one, whatever it said before:
        // no end is made up, so the client is told the stream broke.
        return List.of();
    }
}
