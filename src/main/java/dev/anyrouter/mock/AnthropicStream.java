package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * The events of one streamed Anthropic message, each an {@code event:} line and a {@code data:}
 * line: {@code message_start}, the content blocks' events ({@code content_block_start},
 * {@code ping} after the first, {@code content_block_delta}s, {@code content_block_stop}),
 * {@code message_delta} (stop reason and output tokens); {@code message_stop} ends it.
 */
final class AnthropicStream implements SseFrames {

    private static final Buffer MESSAGE_STOP = event("message_stop", "{\"type\":\"message_stop\"}");
    private static final Buffer TEXT_BLOCK_START = event("content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    static final Buffer PING = event("ping", "{\"type\":\"ping\"}");
    private static final Buffer TEXT_BLOCK_STOP = event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");

    /**
     * The events of {@code before} (blocks numbered from 0, such as a server tool's), then a text
     * block numbered {@code block} streamed a piece per {@code text_delta}.
     */
    static OnDemand<Buffer> text(int pieces, int block, List<Buffer> before) {
        int head = before.size();
        Buffer start = block == 0 ? TEXT_BLOCK_START : event("content_block_start", "{\"type\":\"content_block_start\",\"index\":"
                + block + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        Buffer stop = block == 0 ? TEXT_BLOCK_STOP : event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + block + "}");
        return OnDemand.of(head + pieces + 3, at -> {
            if (at < head) {
                return before.get(at);
            }
            int index = at - head;
            if (index == 0) {
                return start;
            }
            if (index == 1) {
                return PING;
            }
            if (index < pieces + 2) {
                return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + block + ",\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":" + JsonCodec.quote(ReplyText.piece(index - 2)) + "}}");
            }
            return stop;
        });
    }

    private final JsonCodec json;
    private final ObjectNode opening;
    private final OnDemand<Buffer> blocks;
    private final String stopReason;
    private final int outputTokens;
    private final int searches;

    /**
     * @param opening the message as {@code message_start} carries it: no content, no stop reason yet
     * @param blocks  the events of the message's content blocks
     */
    AnthropicStream(JsonCodec json, ObjectNode opening, OnDemand<Buffer> blocks, String stopReason, int outputTokens) {
        this(json, opening, blocks, stopReason, outputTokens, 0);
    }

    /** @param searches the web searches the blocks ran, which the final usage counts */
    AnthropicStream(JsonCodec json, ObjectNode opening, OnDemand<Buffer> blocks, String stopReason, int outputTokens, int searches) {
        this.json = json;
        this.opening = opening;
        this.blocks = blocks;
        this.stopReason = stopReason;
        this.outputTokens = outputTokens;
        this.searches = searches;
    }

    @Override
    public int count() {
        return blocks.count() + 2;
    }

    @Override
    public Buffer frame(int index) {
        if (index == 0) {
            return messageStart();
        }
        if (index <= blocks.count()) {
            return blocks.get(index - 1);
        }
        return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens
                + (searches == 0 ? "" : ",\"server_tool_use\":{\"web_search_requests\":" + searches + "}") + "}}");
    }

    @Override
    public Buffer terminator() {
        return MESSAGE_STOP;
    }

    @Override
    public Buffer error(String message) {
        return Buffer.buffer("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":"
                + JsonCodec.quote(message) + "}}\n\n");
    }

    private Buffer messageStart() {
        ObjectNode start = json.object().put("type", "message_start");
        start.set("message", opening);
        return event("message_start", json.text(start));
    }

    static Buffer event(String name, String data) {
        return Buffer.buffer("event: " + name + "\ndata: " + data + "\n\n");
    }
}
