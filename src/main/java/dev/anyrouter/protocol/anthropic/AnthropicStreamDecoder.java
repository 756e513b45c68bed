package dev.anyrouter.protocol.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.JsonFields;
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
 * Turns Anthropic Messages stream events into neutral events. Usage is the prompt side from
 * {@code message_start} with the output (and any later prompt figures) from {@code message_delta}.
 * Also serves the same-wire relay, which only watches for usage and completion. Web searches are
 * what the final usage says ({@code server_tool_use.web_search_requests}); until it comes, the
 * {@code server_tool_use} blocks of the web search tool seen so far, so a stream cut before its
 * usage still counts the searches it ran.
 */
public final class AnthropicStreamDecoder implements WireCodec.StreamDecoder {
    private final Map<Integer, Integer> blockOfIndex = new HashMap<>();
    private Usage startUsage = Usage.NONE;
    private Usage usage;
    private boolean completed;
    private boolean failed;
    private long searchesSeen;

    @Override
    public List<StreamEvent> accept(SseEvent event) {
        List<StreamEvent> out = new ArrayList<>(1);
        if (event.data() == null) return out;
        JsonNode data;
        try {
            data = Json.parse(event.data().getBytes(StandardCharsets.UTF_8));
        } catch (MalformedJsonException e) {
            return out;
        }
        String type = data.path("type").asText(event.event() == null ? "" : event.event());
        switch (type) {
            case "message_start" -> {
                JsonNode message = data.path("message");
                Usage u = AnthropicReplies.usage(message.get("usage"));
                if (u != null) startUsage = u;
                out.add(new StreamEvent.Start(message.path("id").asText(null), message.path("model").asText(null), startUsage));
            }
            case "content_block_start" -> blockStart(data, out);
            case "content_block_delta" -> delta(data, out);
            case "content_block_stop" -> {
                Integer block = blockOfIndex.get(data.path("index").asInt());
                if (block != null) out.add(new StreamEvent.BlockStop(block));
            }
            case "message_delta" -> {
                JsonNode delta = data.path("delta");
                usage = merge(startUsage, data.get("usage"));
                out.add(new StreamEvent.Finish(AnthropicReplies.stopReason(delta.path("stop_reason").asText(null)),
                        delta.path("stop_sequence").isTextual() ? delta.get("stop_sequence").asText() : null, usage));
            }
            case "message_stop" -> {
                completed = true;
                out.add(new StreamEvent.End());
            }
            case "error" -> {
                failed = true;
                JsonNode error = data.path("error");
                out.add(new StreamEvent.Failure(error.path("type").asText("api_error"), error.path("message").asText("upstream error")));
            }
            default -> { } // ping, and event types added later
        }
        return out;
    }

    private void blockStart(JsonNode data, List<StreamEvent> out) {
        JsonNode block = data.path("content_block");
        int neutral = blockOfIndex.size();
        int index = data.path("index").asInt();
        switch (block.path("type").asText("")) {
            case "text" -> {
                blockOfIndex.put(index, neutral);
                out.add(new StreamEvent.BlockStart(neutral, BlockKind.TEXT, null, null, null));
                String initial = block.path("text").asText("");
                if (!initial.isEmpty()) out.add(new StreamEvent.TextDelta(neutral, initial));
            }
            case "thinking" -> {
                blockOfIndex.put(index, neutral);
                out.add(new StreamEvent.BlockStart(neutral, BlockKind.THINKING, null, null, null));
            }
            case "redacted_thinking" -> {
                blockOfIndex.put(index, neutral);
                out.add(new StreamEvent.BlockStart(neutral, BlockKind.REDACTED_THINKING, null, null, block.path("data").asText("")));
            }
            case "tool_use" -> {
                blockOfIndex.put(index, neutral);
                out.add(new StreamEvent.BlockStart(neutral, BlockKind.TOOL_CALL, block.path("id").asText(),
                        block.path("name").asText(), null));
                JsonNode input = block.get("input");
                if (input != null && input.isObject() && !input.isEmpty()) {
                    out.add(new StreamEvent.ToolArgumentsDelta(neutral, JsonFields.compact(input)));
                }
            }
            case "server_tool_use" -> {
                // Not relayed across wires (a server tool is never asked for there); counted for the bill.
                if (block.path("name").asText("").equals("web_search")) searchesSeen++;
            }
            default -> { } // server tool results: not asked for across wires
        }
    }

    private void delta(JsonNode data, List<StreamEvent> out) {
        Integer block = blockOfIndex.get(data.path("index").asInt());
        if (block == null) return;
        JsonNode delta = data.path("delta");
        switch (delta.path("type").asText("")) {
            case "text_delta" -> out.add(new StreamEvent.TextDelta(block, delta.path("text").asText("")));
            case "input_json_delta" -> {
                String fragment = delta.path("partial_json").asText("");
                if (!fragment.isEmpty()) out.add(new StreamEvent.ToolArgumentsDelta(block, fragment));
            }
            case "thinking_delta" -> out.add(new StreamEvent.ThinkingDelta(block, delta.path("thinking").asText("")));
            case "signature_delta" -> out.add(new StreamEvent.SignatureDelta(block, delta.path("signature").asText("")));
            default -> { } // citations_delta and later additions
        }
    }

    /** The start's prompt figures, overridden by any the final delta reports, plus its output. */
    private static Usage merge(Usage start, JsonNode delta) {
        if (delta == null || !delta.isObject()) return start;
        long read = delta.has("cache_read_input_tokens") ? delta.get("cache_read_input_tokens").asLong() : start.cachedTokens();
        long write = delta.has("cache_creation_input_tokens") ? delta.get("cache_creation_input_tokens").asLong() : start.cacheWriteTokens();
        long input = delta.has("input_tokens") ? delta.get("input_tokens").asLong() + read + write : start.inputTokens()
                - start.cachedTokens() - start.cacheWriteTokens() + read + write;
        long searches = delta.has("server_tool_use") ? AnthropicReplies.webSearches(delta) : start.webSearches();
        return new Usage(input, delta.path("output_tokens").asLong(start.outputTokens()), read, write,
                delta.path("output_tokens_details").path("thinking_tokens").asLong(start.reasoningTokens()), searches);
    }

    @Override
    public List<StreamEvent> end() {
        return List.of();
    }

    /** Whether {@code message_stop} arrived and no {@code error} event. */
    public boolean completed() {
        return completed && !failed;
    }

    /** Whether {@code message_delta} stated the final usage. */
    public boolean usageFinal() {
        return usage != null;
    }

    /** The usage so far (final once {@code message_delta} arrived); before that, with the web searches seen. */
    public Usage usage() {
        if (usage != null) return usage;
        return startUsage.withWebSearches(Math.max(startUsage.webSearches(), searchesSeen));
    }
}
