package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.StreamEvent.BlockKind;
import dev.anyrouter.protocol.WireCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes neutral events as OpenAI {@code chat.completion.chunk} events: one chunk per delta, tool
 * calls numbered 0, 1, … in {@code tool_calls[].index} with the id and name in their first
 * fragment, a chunk with the finish reason, the usage chunk when the client asked for it, then
 * {@code [DONE]}.
 */
final class OpenAiStreamEncoder implements WireCodec.StreamEncoder {
    private static final byte[] NOTHING = new byte[0];
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final long created;
    private final boolean includeUsage;
    private final Map<Integer, Integer> toolIndexOfBlock = new HashMap<>();
    private String id = "chatcmpl-anyrouter";
    private String model = "";

    OpenAiStreamEncoder(long created, boolean includeUsage) {
        this.created = created;
        this.includeUsage = includeUsage;
    }

    @Override
    public byte[] encode(StreamEvent event) {
        return switch (event) {
            case StreamEvent.Start start -> {
                if (start.id() != null) id = start.id();
                if (start.model() != null) model = start.model();
                ObjectNode chunk = chunk();
                delta(chunk).put("role", "assistant").put("content", "");
                yield frame(chunk);
            }
            case StreamEvent.BlockStart start when start.kind() == BlockKind.TOOL_CALL -> {
                int toolIndex = toolIndexOfBlock.size();
                toolIndexOfBlock.put(start.index(), toolIndex);
                ObjectNode chunk = chunk();
                ObjectNode call = delta(chunk).putArray("tool_calls").addObject();
                call.put("index", toolIndex).put("id", start.toolCallId()).put("type", "function");
                call.putObject("function").put("name", start.toolName()).put("arguments", "");
                yield frame(chunk);
            }
            case StreamEvent.BlockStart start -> NOTHING;
            case StreamEvent.TextDelta d -> {
                ObjectNode chunk = chunk();
                delta(chunk).put("content", d.text());
                yield frame(chunk);
            }
            case StreamEvent.ThinkingDelta d -> {
                ObjectNode chunk = chunk();
                delta(chunk).put("reasoning_content", d.text());
                yield frame(chunk);
            }
            case StreamEvent.ToolArgumentsDelta d -> {
                ObjectNode chunk = chunk();
                ObjectNode call = delta(chunk).putArray("tool_calls").addObject();
                call.put("index", toolIndexOfBlock.getOrDefault(d.index(), 0));
                call.putObject("function").put("arguments", d.fragment());
                yield frame(chunk);
            }
            case StreamEvent.SignatureDelta d -> NOTHING;
            case StreamEvent.BlockStop stop -> NOTHING;
            case StreamEvent.Finish finish -> {
                ObjectNode chunk = chunk();
                delta(chunk);
                ((ObjectNode) chunk.get("choices").get(0)).put("finish_reason", OpenAiReplies.finishReason(finish.stopReason()));
                byte[] last = frame(chunk);
                if (!includeUsage) yield last;
                ObjectNode usageChunk = Json.object().put("id", id).put("object", "chat.completion.chunk")
                        .put("created", created).put("model", model);
                usageChunk.putArray("choices");
                usageChunk.set("usage", OpenAiReplies.usageNode(finish.usage()));
                yield concat(last, frame(usageChunk));
            }
            case StreamEvent.End end -> DONE;
            case StreamEvent.Failure failure -> {
                ObjectNode root = Json.object();
                root.putObject("error").put("message", failure.message()).put("type", failure.type())
                        .putNull("param").put("code", failure.type());
                yield frame(root);
            }
        };
    }

    private ObjectNode chunk() {
        ObjectNode chunk = Json.object().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                .put("model", model);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return chunk;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return ((ObjectNode) chunk.get("choices").get(0)).putObject("delta");
    }

    private static byte[] frame(ObjectNode node) {
        byte[] json = Json.bytes(node);
        byte[] out = new byte[json.length + 8];
        System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 6);
        System.arraycopy(json, 0, out, 6, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
