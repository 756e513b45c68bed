package dev.anyrouter.protocol.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.JsonFields;
import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.StreamEvent.BlockKind;
import dev.anyrouter.protocol.WireCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes neutral events as a Gemini SSE stream: one {@code GenerateContentResponse} per text or
 * thought piece, a function call whole once its arguments are complete, and a last chunk with the
 * finish reason and usage. Events end with CRLF CRLF, as Gemini's do.
 */
final class GeminiStreamEncoder implements WireCodec.StreamEncoder {
    private static final byte[] NOTHING = new byte[0];

    private final Map<Integer, StringBuilder> arguments = new HashMap<>();
    private final Map<Integer, StreamEvent.BlockStart> toolBlocks = new HashMap<>();
    private String responseId;
    private String model;

    @Override
    public byte[] encode(StreamEvent event) {
        return switch (event) {
            case StreamEvent.Start start -> {
                responseId = start.id();
                model = start.model();
                yield NOTHING;
            }
            case StreamEvent.BlockStart start when start.kind() == BlockKind.TOOL_CALL -> {
                toolBlocks.put(start.index(), start);
                arguments.put(start.index(), new StringBuilder());
                yield NOTHING;
            }
            case StreamEvent.BlockStart start -> NOTHING;
            case StreamEvent.TextDelta d -> chunk(part().put("text", d.text()), null);
            case StreamEvent.ThinkingDelta d -> chunk(part().put("text", d.text()).put("thought", true), null);
            case StreamEvent.SignatureDelta d -> chunk(part().put("text", "").put("thought", true).put("thoughtSignature", d.signature()), null);
            case StreamEvent.ToolArgumentsDelta d -> {
                arguments.get(d.index()).append(d.fragment());
                yield NOTHING;
            }
            case StreamEvent.BlockStop stop -> {
                StreamEvent.BlockStart call = toolBlocks.remove(stop.index());
                if (call == null) yield NOTHING;
                ObjectNode p = part();
                ObjectNode fc = p.putObject("functionCall").put("id", call.toolCallId()).put("name", call.toolName());
                fc.set("args", JsonFields.argumentsObject(arguments.remove(stop.index()).toString(), "tool_calls.arguments"));
                yield chunk(p, null);
            }
            case StreamEvent.Finish finish -> {
                ObjectNode root = chunkRoot();
                ObjectNode candidate = (ObjectNode) root.get("candidates").get(0);
                candidate.put("finishReason", GeminiReplies.finishReason(finish.stopReason()));
                root.set("usageMetadata", GeminiReplies.usageNode(finish.usage()));
                yield frame(root);
            }
            case StreamEvent.End end -> NOTHING;
            case StreamEvent.Failure failure -> {
                ObjectNode root = Json.object();
                root.putObject("error").put("code", 500).put("message", failure.message()).put("status", failure.type());
                yield frame(root);
            }
        };
    }

    private static ObjectNode part() {
        return Json.object();
    }

    private ObjectNode chunkRoot() {
        ObjectNode root = Json.object();
        ObjectNode candidate = root.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.putArray("parts");
        content.put("role", "model");
        candidate.put("index", 0);
        if (model != null) root.put("modelVersion", model);
        if (responseId != null) root.put("responseId", responseId);
        return root;
    }

    private byte[] chunk(ObjectNode part, String finishReason) {
        ObjectNode root = chunkRoot();
        ArrayNode parts = (ArrayNode) root.get("candidates").get(0).get("content").get("parts");
        parts.add(part);
        return frame(root);
    }

    private static byte[] frame(ObjectNode node) {
        return ("data: " + new String(Json.bytes(node), StandardCharsets.UTF_8) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
