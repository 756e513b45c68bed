package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * {@code POST /v1/messages}: reads the request, then answers with a {@code message} object or
 * its event stream ({@code message_start} … {@code message_stop}). A request whose tools
 * {@link ToolOffer} says to call gets {@code tool_use} blocks instead of text. Also
 * {@code POST /v1/messages/count_tokens}.
 */
final class AnthropicMessages {

    /** Sampling parameters that {@code anthropic-version: 2026-10-21} no longer accepts. */
    private static final List<String> SAMPLING_REMOVED_IN_2026 = List.of("temperature", "top_p", "top_k");

    /** What one messages request asked for, as far as the mock's answer depends on it. */
    record Ask(String model, boolean stream, int inputTokens, int maxTokens, ToolOffer tools) {}

    private final Vertx vertx;
    private final JsonCodec json;
    private final Ids ids;
    private final AnthropicToolUse toolUse;

    AnthropicMessages(Vertx vertx, JsonCodec json, Ids ids) {
        this.vertx = vertx;
        this.json = json;
        this.ids = ids;
        this.toolUse = new AnthropicToolUse(json, ids);
    }

    Call read(String key, String version, Buffer body) {
        JsonNode root = json.readOrNull(body);
        if (root == null || !root.isObject()) {
            return Call.refused(key, null, false, invalid("There was an issue with the format of your request: body is not a JSON object"));
        }
        String model = root.path("model").isTextual() ? root.get("model").asText() : null;
        boolean stream = root.path("stream").isBoolean() && root.get("stream").booleanValue();
        for (String field : List.of("model", "max_tokens", "messages")) {
            if (!root.hasNonNull(field)) {
                return Call.refused(key, model, stream, invalid(field + ": Field required"));
            }
        }
        if (!root.get("max_tokens").canConvertToInt() || root.get("max_tokens").asInt() < 1) {
            return Call.refused(key, model, stream, invalid("max_tokens: Input should be greater than or equal to 1"));
        }
        if (!root.get("messages").isArray()) {
            return Call.refused(key, model, stream, invalid("messages: Input should be a valid list"));
        }
        if (AnthropicWire.VERSION_2026.equals(version)) {
            for (String field : SAMPLING_REMOVED_IN_2026) {
                if (root.has(field)) {
                    return Call.refused(key, model, stream, invalid(field
                            + ": is not supported with anthropic-version " + AnthropicWire.VERSION_2026));
                }
            }
        }
        long characters = textLength(root.path("system"));
        for (JsonNode message : root.get("messages")) {
            characters += textLength(message.path("content"));
        }
        Ask ask = new Ask(model, stream, ReplyText.tokensFor(characters), root.get("max_tokens").asInt(),
                root.get("messages").isEmpty() ? ToolOffer.NONE : AnthropicToolUse.offer(root));
        return new Call(key, model, stream, null, (request, script) -> answer(request, script, ask));
    }

    /**
     * Vertex AI's {@code rawPredict}/{@code streamRawPredict}: the Messages body without {@code model}
     * (the URL names it) and with {@code "anthropic_version": "vertex-2023-10-16"} in place of the header.
     */
    Call readVertex(String key, String model, Buffer body) {
        JsonNode root = json.readOrNull(body);
        if (root == null || !root.isObject()) {
            return Call.refused(key, model, false, invalid("There was an issue with the format of your request: body is not a JSON object"));
        }
        if (!VERTEX_VERSION.equals(root.path("anthropic_version").asText(null))) {
            return Call.refused(key, model, false, invalid("anthropic_version: Input should be '" + VERTEX_VERSION + "'"));
        }
        if (root.has("model")) return Call.refused(key, model, false, invalid("model: Extra inputs are not permitted"));
        com.fasterxml.jackson.databind.node.ObjectNode named = ((com.fasterxml.jackson.databind.node.ObjectNode) root).deepCopy();
        named.remove("anthropic_version");
        named.put("model", model);
        return read(key, AnthropicWire.VERSION_2023, json.bytes(named));
    }

    static final String VERTEX_VERSION = "vertex-2023-10-16";

    /**
     * {@code POST /v1/messages/count_tokens}: a Messages body that needs no {@code max_tokens},
     * answered {@code {"input_tokens": n}} (counted as a message's usage is), subject to the
     * script's faults like any answer.
     */
    Call readCount(String key, Buffer body) {
        JsonNode root = json.readOrNull(body);
        if (root == null || !root.isObject()) {
            return Call.refused(key, null, false, invalid("There was an issue with the format of your request: body is not a JSON object"));
        }
        String model = root.path("model").isTextual() ? root.get("model").asText() : null;
        for (String field : List.of("model", "messages")) {
            if (!root.hasNonNull(field)) return Call.refused(key, model, false, invalid(field + ": Field required"));
        }
        if (!root.get("messages").isArray()) return Call.refused(key, model, false, invalid("messages: Input should be a valid list"));
        long characters = textLength(root.path("system"));
        for (JsonNode message : root.get("messages")) {
            characters += textLength(message.path("content"));
        }
        Buffer counted = json.bytes(json.object().put("input_tokens", ReplyText.tokensFor(characters)));
        return new Call(key, model, false, null, (request, script) -> {
            AnthropicWire.stamp(request.response(), ids);
            request.response().putHeader("content-type", "application/json");
            JsonReply.send(request.response(), script, counted);
        });
    }

    private static Refusal invalid(String message) {
        return new Refusal.Invalid(400, message, null, null);
    }

    /** Characters of text in a string or in the text of a list of content blocks. */
    private static long textLength(JsonNode content) {
        if (content.isTextual()) {
            return content.asText().length();
        }
        long characters = 0;
        if (content.isArray()) {
            for (JsonNode block : content) {
                characters += block.path("text").asText("").length();
            }
        }
        return characters;
    }

    private void answer(HttpServerRequest request, Script script, Ask ask) {
        List<ToolCall> calls = ask.tools().callsFor(script);
        int pieces = script.chunksOr(ReplyText.DEFAULT_PIECES);
        String stopReason = "end_turn";
        if (!calls.isEmpty()) {
            stopReason = "tool_use";
        } else if (ask.maxTokens() < pieces) {
            pieces = ask.maxTokens();
            stopReason = "max_tokens";
        }
        int outputTokens = calls.isEmpty() ? pieces : ToolCall.tokens(calls, json);
        HttpServerResponse response = request.response();
        AnthropicWire.stamp(response, ids);
        String id = "msg_01" + ids.alphanumeric(22);
        if (ask.stream()) {
            response.putHeader("content-type", "text/event-stream; charset=utf-8").putHeader("cache-control", "no-cache");
            OnDemand<Buffer> blocks = calls.isEmpty() ? AnthropicStream.text(json, pieces) : toolUse.blocks(calls);
            SsePump.start(vertx, request,
                    new AnthropicStream(json, message(id, ask, 1, null), blocks, stopReason, outputTokens), script);
        } else {
            ObjectNode message = message(id, ask, outputTokens, stopReason);
            if (calls.isEmpty()) {
                message.withArrayProperty("content").addObject().put("type", "text").put("text", ReplyText.text(pieces));
            } else {
                toolUse.addBlocks(message.withArrayProperty("content"), calls);
            }
            response.putHeader("content-type", "application/json");
            JsonReply.send(response, script, json.bytes(message));
        }
    }

    /**
     * The {@code message} object with empty content, to be filled in; with no stop reason it is
     * the message a stream's {@code message_start} carries.
     */
    private ObjectNode message(String id, Ask ask, int outputTokens, String stopReason) {
        ObjectNode message = json.object()
                .put("id", id)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", ask.model());
        message.putArray("content");
        message.put("stop_reason", stopReason);
        message.putNull("stop_sequence");
        ObjectNode usage = message.putObject("usage")
                .put("input_tokens", ask.inputTokens())
                .put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", 0);
        usage.putObject("cache_creation").put("ephemeral_5m_input_tokens", 0).put("ephemeral_1h_input_tokens", 0);
        usage.put("output_tokens", outputTokens).put("service_tier", "standard");
        return message;
    }
}
