package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

/**
 * The events of one streamed Anthropic message, each an {@code event:} line and a {@code data:}
 * line: {@code message_start}, {@code content_block_start}, {@code ping}, one
 * {@code content_block_delta} ({@code text_delta}) per piece, {@code content_block_stop},
 * {@code message_delta} (stop reason and output tokens); {@code message_stop} ends it.
 */
final class AnthropicStream implements SseFrames {

    private static final Buffer MESSAGE_STOP = event("message_stop", "{\"type\":\"message_stop\"}");
    private static final Buffer BLOCK_START = event("content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    private static final Buffer PING = event("ping", "{\"type\":\"ping\"}");
    private static final Buffer BLOCK_STOP = event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");

    private final JsonCodec json;
    private final ObjectNode opening;
    private final int pieces;
    private final String stopReason;

    /** @param opening the message as {@code message_start} carries it: no content, no stop reason yet */
    AnthropicStream(JsonCodec json, ObjectNode opening, int pieces, String stopReason) {
        this.json = json;
        this.opening = opening;
        this.pieces = pieces;
        this.stopReason = stopReason;
    }

    @Override
    public int count() {
        return pieces + 5;
    }

    @Override
    public Buffer frame(int index) {
        if (index == 0) {
            return messageStart();
        }
        if (index == 1) {
            return BLOCK_START;
        }
        if (index == 2) {
            return PING;
        }
        if (index < pieces + 3) {
            return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                    + "{\"type\":\"text_delta\",\"text\":" + json.quote(ReplyText.piece(index - 3)) + "}}");
        }
        if (index == pieces + 3) {
            return BLOCK_STOP;
        }
        return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + pieces + "}}");
    }

    @Override
    public Buffer terminator() {
        return MESSAGE_STOP;
    }

    private Buffer messageStart() {
        ObjectNode start = json.object().put("type", "message_start");
        start.set("message", opening);
        return event("message_start", json.text(start));
    }

    private static Buffer event(String name, String data) {
        return Buffer.buffer("event: " + name + "\ndata: " + data + "\n\n");
    }
}
