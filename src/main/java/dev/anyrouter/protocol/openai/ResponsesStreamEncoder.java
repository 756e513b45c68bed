package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.Part;
import dev.anyrouter.protocol.StopReason;
import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.StreamEvent.BlockKind;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.WireCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes neutral events as a Responses event stream, each an {@code event:} line and a
 * {@code data:} line whose {@code sequence_number} counts from 0: {@code response.created} and
 * {@code response.in_progress}; per content block an output item, announced by
 * {@code response.output_item.added}, filled by its deltas ({@code content_part.added} and
 * {@code output_text.delta} for text; {@code reasoning_summary_part.added} and
 * {@code reasoning_summary_text.delta}, or {@code reasoning_text.delta}, for thinking;
 * {@code function_call_arguments.delta} for a call) and closed by their {@code .done} events and
 * {@code response.output_item.done} with the whole item (Codex builds its history from those);
 * then {@code response.completed} (or {@code response.incomplete}) with every item and the usage.
 * A failure ends the stream with {@code response.failed}.
 */
final class ResponsesStreamEncoder implements WireCodec.StreamEncoder {
    private final ResponsesReplies replies;
    private final ResponseEcho echo;
    private final long created;
    private final List<ObjectNode> output = new ArrayList<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(512);
    private int sequence;
    private boolean started;
    private boolean over;
    private String id = ResponsesReplies.responseId(null);
    private String model = "";
    private Usage usage = Usage.NONE;
    private StopReason stop;
    private Block open;

    /** The output item being streamed. */
    private static final class Block {
        final BlockKind kind;
        final String itemId;
        final int outputIndex;
        final StringBuilder text = new StringBuilder();
        String callId;
        String toolName;
        String signature;
        String data;

        Block(BlockKind kind, String itemId, int outputIndex) {
            this.kind = kind;
            this.itemId = itemId;
            this.outputIndex = outputIndex;
        }
    }

    ResponsesStreamEncoder(ResponseEcho echo, long created) {
        this.replies = new ResponsesReplies(echo);
        this.echo = echo;
        this.created = created;
    }

    @Override
    public byte[] encode(StreamEvent event) {
        if (over) return new byte[0];
        switch (event) {
            case StreamEvent.Start start -> {
                id = ResponsesReplies.responseId(start.id());
                if (start.model() != null) model = start.model();
                begin();
            }
            case StreamEvent.BlockStart start -> {
                begin();
                blockStart(start);
            }
            case StreamEvent.TextDelta d -> {
                if (open != null) {
                    open.text.append(d.text());
                    emit(onItem("response.output_text.delta").put("content_index", 0).put("delta", d.text()).set("logprobs", Json.MAPPER.createArrayNode()));
                }
            }
            case StreamEvent.ThinkingDelta d -> {
                if (open != null) {
                    open.text.append(d.text());
                    emit(echo.summaries()
                            ? onItem("response.reasoning_summary_text.delta").put("summary_index", 0).put("delta", d.text())
                            : onItem("response.reasoning_text.delta").put("content_index", 0).put("delta", d.text()));
                }
            }
            case StreamEvent.SignatureDelta d -> {
                if (open != null) open.signature = d.signature();
            }
            case StreamEvent.ToolArgumentsDelta d -> {
                if (open != null) {
                    open.text.append(d.fragment());
                    // A custom tool's input is a string inside the arguments object: sent whole when the call is done.
                    if (!replies.isCustom(open.toolName)) emit(onItem("response.function_call_arguments.delta").put("delta", d.fragment()));
                }
            }
            case StreamEvent.BlockStop s -> blockStop();
            case StreamEvent.Finish f -> {
                usage = f.usage();
                stop = f.stopReason();
            }
            case StreamEvent.End e -> {
                begin();
                if (open != null) blockStop();
                String incomplete = ResponsesReplies.incompleteReason(stop);
                String type = incomplete == null ? "response.completed" : "response.incomplete";
                emitResponse(type, replies.response(id, model, created, incomplete == null ? "completed" : "incomplete", incomplete,
                        output, usage, null));
                over = true;
            }
            case StreamEvent.Failure f -> {
                begin();
                emitResponse("response.failed", replies.response(id, model, created, "failed", null, output, usage,
                        replies.failure(f.type(), f.message())));
                over = true;
            }
        }
        byte[] bytes = pending.toByteArray();
        pending.reset();
        return bytes;
    }

    /** The two opening events, once, whatever event comes first. */
    private void begin() {
        if (started) return;
        started = true;
        ObjectNode opening = replies.response(id, model, created, "in_progress", null, List.of(), null, null);
        emitResponse("response.created", opening);
        emitResponse("response.in_progress", opening);
    }

    private void blockStart(StreamEvent.BlockStart start) {
        if (open != null) blockStop();
        int index = output.size();
        String prefix = switch (start.kind()) {
            case TEXT -> "msg";
            case THINKING, REDACTED_THINKING -> "rs";
            case TOOL_CALL -> replies.isCustom(start.toolName()) ? "ctc" : "fc";
        };
        open = new Block(start.kind(), ResponsesReplies.itemId(prefix, id, index), index);
        ObjectNode item = switch (start.kind()) {
            case TEXT -> replies.message(open.itemId, null, "in_progress");
            case THINKING, REDACTED_THINKING -> replies.reasoning(open.itemId, "", null);
            case TOOL_CALL -> {
                open.callId = start.toolCallId();
                open.toolName = start.toolName();
                yield replies.call(id, index, open.callId, open.toolName, "", "in_progress");
            }
        };
        open.data = start.data();
        emit(event("response.output_item.added").put("output_index", index).set("item", item));
        switch (start.kind()) {
            case TEXT -> emit(onItem("response.content_part.added").put("content_index", 0).set("part", ResponsesReplies.textPart("")));
            case THINKING -> emit(echo.summaries()
                    ? onItem("response.reasoning_summary_part.added").put("summary_index", 0).set("part", ResponsesReplies.summaryPart(""))
                    : onItem("response.content_part.added").put("content_index", 0).set("part", ResponsesReplies.reasoningPart("")));
            default -> { }
        }
    }

    private void blockStop() {
        if (open == null) return;
        Block block = open;
        String text = block.text.toString();
        ObjectNode item = switch (block.kind) {
            case TEXT -> {
                emit(onItem("response.output_text.done").put("content_index", 0).put("text", text).set("logprobs", Json.MAPPER.createArrayNode()));
                emit(onItem("response.content_part.done").put("content_index", 0).set("part", ResponsesReplies.textPart(text)));
                yield replies.message(block.itemId, text, "completed");
            }
            case THINKING -> {
                if (echo.summaries()) {
                    emit(onItem("response.reasoning_summary_text.done").put("summary_index", 0).put("text", text));
                    emit(onItem("response.reasoning_summary_part.done").put("summary_index", 0).set("part", ResponsesReplies.summaryPart(text)));
                } else {
                    emit(onItem("response.reasoning_text.done").put("content_index", 0).put("text", text));
                    emit(onItem("response.content_part.done").put("content_index", 0).set("part", ResponsesReplies.reasoningPart(text)));
                }
                yield replies.reasoning(block.itemId, text, new Part.Thinking(text, block.signature));
            }
            case REDACTED_THINKING -> replies.reasoning(block.itemId, "", new Part.RedactedThinking(block.data == null ? "" : block.data));
            case TOOL_CALL -> {
                String arguments = text.isEmpty() ? "{}" : text;
                if (replies.isCustom(block.toolName)) {
                    String input = ResponsesReplies.customInput(arguments);
                    emit(onItem("response.custom_tool_call_input.delta").put("delta", input));
                    emit(onItem("response.custom_tool_call_input.done").put("input", input));
                } else {
                    emit(onItem("response.function_call_arguments.done").put("name", echo.names().target(block.toolName).name())
                            .put("arguments", arguments));
                }
                yield replies.call(id, block.outputIndex, block.callId, block.toolName, arguments, "completed");
            }
        };
        output.add(item);
        emit(event("response.output_item.done").put("output_index", block.outputIndex).set("item", item));
        open = null;
    }

    private ObjectNode event(String type) {
        return Json.object().put("type", type).put("sequence_number", sequence++);
    }

    /** An event about the open item. */
    private ObjectNode onItem(String type) {
        return event(type).put("item_id", open.itemId).put("output_index", open.outputIndex);
    }

    private void emitResponse(String type, ObjectNode response) {
        ObjectNode event = event(type);
        event.set("response", response);
        emit(event);
    }

    private void emit(JsonNode event) {
        pending.writeBytes(("event: " + event.get("type").asText() + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        pending.writeBytes(Json.bytes(event));
        pending.writeBytes(new byte[] {'\n', '\n'});
    }
}
