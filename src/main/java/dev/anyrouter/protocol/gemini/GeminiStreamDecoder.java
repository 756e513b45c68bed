package dev.anyrouter.protocol.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.Part;
import dev.anyrouter.protocol.StopReason;
import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.StreamEvent.BlockKind;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.WireCodec;
import dev.anyrouter.protocol.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Gemini {@code streamGenerateContent?alt=sse} stream into neutral events. Each event is
 * a whole {@code GenerateContentResponse} holding the next pieces: text and thoughts arrive in
 * pieces, a function call arrives whole (one block with its arguments in one fragment). The
 * stream has no end marker: the chunk with a {@code finishReason} ends it.
 */
final class GeminiStreamDecoder implements WireCodec.StreamDecoder {
    private boolean started;
    private boolean finished;
    private int nextBlock;
    private int openBlock = -1;
    private BlockKind openKind;
    private int calls;
    private String responseId;
    private Usage usage;

    @Override
    public List<StreamEvent> accept(SseEvent event) {
        List<StreamEvent> out = new ArrayList<>(2);
        if (event.data() == null || finished) return out;
        JsonNode chunk;
        try {
            chunk = Json.parse(event.data().getBytes(StandardCharsets.UTF_8));
        } catch (MalformedJsonException e) {
            return out;
        }
        if (chunk.has("error")) {
            finished = true;
            JsonNode error = chunk.get("error");
            out.add(new StreamEvent.Failure(error.path("status").asText("api_error"), error.path("message").asText("upstream error")));
            return out;
        }
        if (!started) {
            started = true;
            responseId = chunk.path("responseId").asText(null);
            out.add(new StreamEvent.Start(responseId, chunk.path("modelVersion").asText(null), Usage.NONE));
        }
        Usage reported = GeminiReplies.usage(chunk.get("usageMetadata"));
        if (reported != null) usage = reported;
        JsonNode candidate = chunk.path("candidates").path(0);
        for (JsonNode p : candidate.path("content").path("parts")) part(p, out);
        String finish = candidate.path("finishReason").asText(null);
        boolean blocked = candidate.isMissingNode() && chunk.path("promptFeedback").has("blockReason");
        if (finish != null || blocked) {
            finished = true;
            close(out);
            StopReason reason = blocked ? StopReason.CONTENT_FILTER : GeminiReplies.stopReason(finish, calls > 0);
            out.add(new StreamEvent.Finish(reason, null, usage == null ? Usage.NONE : usage));
            out.add(new StreamEvent.End());
        }
        return out;
    }

    private void part(JsonNode p, List<StreamEvent> out) {
        Part part = GeminiReplies.replyPart(p, responseId, calls);
        switch (part) {
            case null -> { }
            case Part.Text t -> {
                if (t.text().isEmpty()) return;
                out.add(new StreamEvent.TextDelta(open(BlockKind.TEXT, out), t.text()));
            }
            case Part.Thinking th -> {
                int index = open(BlockKind.THINKING, out);
                if (!th.text().isEmpty()) out.add(new StreamEvent.ThinkingDelta(index, th.text()));
                if (th.signature() != null) out.add(new StreamEvent.SignatureDelta(index, th.signature()));
            }
            case Part.ToolCall call -> {
                close(out);
                calls++;
                int index = nextBlock++;
                out.add(new StreamEvent.BlockStart(index, BlockKind.TOOL_CALL, call.id(), call.name(), null));
                out.add(new StreamEvent.ToolArgumentsDelta(index, call.arguments()));
                out.add(new StreamEvent.BlockStop(index));
            }
            default -> { }
        }
    }

    private int open(BlockKind kind, List<StreamEvent> out) {
        if (openBlock >= 0 && openKind == kind) return openBlock;
        close(out);
        openBlock = nextBlock++;
        openKind = kind;
        out.add(new StreamEvent.BlockStart(openBlock, kind, null, null, null));
        return openBlock;
    }

    private void close(List<StreamEvent> out) {
        if (openBlock < 0) return;
        out.add(new StreamEvent.BlockStop(openBlock));
        openBlock = -1;
        openKind = null;
    }

    @Override
    public List<StreamEvent> end() {
        return List.of();
    }
}
