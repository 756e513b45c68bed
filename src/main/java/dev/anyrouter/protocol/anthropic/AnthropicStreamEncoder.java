package dev.anyrouter.protocol.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.WireCodec;
import java.nio.charset.StandardCharsets;

/**
 * Writes neutral events as Anthropic Messages stream events, each with its {@code event:} line
 * (the official SDKs dispatch on it). The prompt's usage is often unknown at {@code message_start}
 * when the upstream is another wire, so {@code message_delta} carries the prompt figures too.
 */
final class AnthropicStreamEncoder implements WireCodec.StreamEncoder {
    private static final byte[] NOTHING = new byte[0];
    private String id = "msg_anyrouter";

    @Override
    public byte[] encode(StreamEvent event) {
        return switch (event) {
            case StreamEvent.Start start -> {
                if (start.id() != null) id = start.id();
                ObjectNode message = Json.object().put("id", id).put("type", "message").put("role", "assistant")
                        .put("model", start.model() == null ? "" : start.model());
                message.putArray("content");
                message.putNull("stop_reason");
                message.putNull("stop_sequence");
                message.set("usage", AnthropicReplies.usageNode(start.usage(), true));
                ObjectNode root = Json.object().put("type", "message_start");
                root.set("message", message);
                yield frame("message_start", root);
            }
            case StreamEvent.BlockStart start -> {
                ObjectNode root = Json.object().put("type", "content_block_start").put("index", start.index());
                ObjectNode block = root.putObject("content_block");
                switch (start.kind()) {
                    case TEXT -> block.put("type", "text").put("text", "");
                    case THINKING -> block.put("type", "thinking").put("thinking", "").put("signature", "");
                    case REDACTED_THINKING -> block.put("type", "redacted_thinking").put("data", start.data());
                    case TOOL_CALL -> {
                        block.put("type", "tool_use").put("id", start.toolCallId()).put("name", start.toolName());
                        block.putObject("input");
                    }
                }
                yield frame("content_block_start", root);
            }
            case StreamEvent.TextDelta d -> delta(d.index(), Json.object().put("type", "text_delta").put("text", d.text()));
            case StreamEvent.ThinkingDelta d -> delta(d.index(), Json.object().put("type", "thinking_delta").put("thinking", d.text()));
            case StreamEvent.SignatureDelta d -> delta(d.index(), Json.object().put("type", "signature_delta").put("signature", d.signature()));
            case StreamEvent.ToolArgumentsDelta d -> delta(d.index(),
                    Json.object().put("type", "input_json_delta").put("partial_json", d.fragment()));
            case StreamEvent.BlockStop stop -> frame("content_block_stop",
                    Json.object().put("type", "content_block_stop").put("index", stop.index()));
            case StreamEvent.Finish finish -> {
                ObjectNode root = Json.object().put("type", "message_delta");
                ObjectNode delta = root.putObject("delta").put("stop_reason", AnthropicReplies.stopReasonName(finish.stopReason()));
                if (finish.stopSequence() == null) delta.putNull("stop_sequence");
                else delta.put("stop_sequence", finish.stopSequence());
                root.set("usage", AnthropicReplies.usageNode(finish.usage(), true));
                yield frame("message_delta", root);
            }
            case StreamEvent.End end -> frame("message_stop", Json.object().put("type", "message_stop"));
            case StreamEvent.Failure failure -> {
                ObjectNode root = Json.object().put("type", "error");
                root.putObject("error").put("type", AnthropicErrorTypes.of(failure.type())).put("message", failure.message());
                yield frame("error", root);
            }
        };
    }

    private static byte[] delta(int index, ObjectNode delta) {
        ObjectNode root = Json.object().put("type", "content_block_delta").put("index", index);
        root.set("delta", delta);
        return frame("content_block_delta", root);
    }

    static byte[] frame(String name, ObjectNode data) {
        return ("event: " + name + "\ndata: " + new String(Json.bytes(data), StandardCharsets.UTF_8) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
