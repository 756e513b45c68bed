package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * Bedrock's Converse and ConverseStream, from AWS's API reference: a request of {@code messages}
 * (content blocks {@code text}, {@code image}, {@code toolUse}, {@code toolResult}), {@code system},
 * {@code inferenceConfig} and {@code toolConfig}; an answer {@code {output:{message}, stopReason,
 * usage, metrics}}, or, streamed, AWS event-stream messages ({@code messageStart},
 * {@code contentBlockStart} for a tool call, {@code contentBlockDelta}, {@code contentBlockStop},
 * {@code messageStop}, {@code metadata}), each a JSON payload with a {@code p} padding field as AWS
 * pads them. The frames are written with AWS's event-stream library. A stream that fails midway
 * ({@code error_mid_stream}) ends with an exception message ({@code modelStreamErrorException}).
 */
final class BedrockConverse {
    static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    private final Vertx vertx;
    private final JsonCodec json;
    private final Ids ids;

    BedrockConverse(Vertx vertx, JsonCodec json, Ids ids) {
        this.vertx = vertx;
        this.json = json;
        this.ids = ids;
    }

    /** What one request asked for, as far as the answer depends on it. */
    private record Ask(String model, boolean stream, int promptTokens, int maxTokens, ToolOffer tools) {}

    Call read(String key, String model, boolean stream, Buffer body) {
        JsonNode root = json.readOrNull(body);
        if (root == null || !root.isObject()) {
            return Call.refused(key, model, stream, new Refusal.Invalid(400, "Malformed input request, please reformat your input and try again.",
                    null, "ValidationException"));
        }
        JsonNode messages = root.path("messages");
        if (!messages.isArray() || messages.isEmpty() || !"user".equals(messages.get(0).path("role").asText())) {
            return Call.refused(key, model, stream, new Refusal.Invalid(400, "A conversation must start with a user message. Try again"
                    + " with a conversation that starts with a user message.", null, "ValidationException"));
        }
        long characters = 0;
        boolean toolBlocks = false;
        for (JsonNode system : root.path("system")) characters += system.path("text").asText("").length();
        for (JsonNode message : messages) {
            String role = message.path("role").asText();
            if (!role.equals("user") && !role.equals("assistant")) {
                return Call.refused(key, model, stream, new Refusal.Invalid(400, "1 validation error detected: Value '" + role
                        + "' at 'messages.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]",
                        null, "ValidationException"));
            }
            for (JsonNode block : message.path("content")) {
                characters += block.path("text").asText("").length();
                toolBlocks |= block.has("toolUse") || block.has("toolResult");
            }
        }
        JsonNode toolConfig = root.path("toolConfig");
        if (toolBlocks && !toolConfig.path("tools").isArray()) {
            return Call.refused(key, model, stream, new Refusal.Invalid(400,
                    "The toolConfig field must be defined when using toolUse and toolResult content blocks.", null, "ValidationException"));
        }
        int maxTokens = root.path("inferenceConfig").path("maxTokens").asInt(0);
        Ask ask = new Ask(model, stream, ReplyText.tokensFor(characters), maxTokens, offer(messages, toolConfig));
        return new Call(key, model, stream, null, (request, script) -> answer(request, script, ask));
    }

    private static ToolOffer offer(JsonNode messages, JsonNode toolConfig) {
        List<String> declared = new ArrayList<>();
        for (JsonNode tool : toolConfig.path("tools")) declared.add(tool.path("toolSpec").path("name").asText());
        if (declared.isEmpty()) return ToolOffer.NONE;
        JsonNode choice = toolConfig.path("toolChoice");
        String forced = choice.path("tool").path("name").asText(null);
        ToolOffer.Choice allowed = forced != null || choice.has("any") ? ToolOffer.Choice.REQUIRED : ToolOffer.Choice.AUTO;
        JsonNode last = messages.get(messages.size() - 1);
        StringBuilder text = new StringBuilder();
        if ("user".equals(last.path("role").asText())) {
            for (JsonNode block : last.path("content")) text.append(block.path("text").asText("")).append(' ');
        }
        return new ToolOffer(declared, text.toString(), allowed, forced, true);
    }

    private void answer(HttpServerRequest request, Script script, Ask ask) {
        List<ToolCall> calls = ask.tools().callsFor(script);
        int pieces = script.chunksOr(ReplyText.DEFAULT_PIECES);
        String stop = calls.isEmpty() ? "end_turn" : "tool_use";
        if (calls.isEmpty() && ask.maxTokens() > 0 && ask.maxTokens() < pieces) {
            pieces = ask.maxTokens();
            stop = "max_tokens";
        }
        int output = calls.isEmpty() ? pieces : ToolCall.tokens(calls, json);
        HttpServerResponse response = request.response();
        BedrockWire.stamp(response);
        List<String> toolIds = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) toolIds.add("tooluse_" + ids.alphanumeric(22));
        if (!ask.stream()) {
            ObjectNode whole = json.object();
            ArrayNode content = whole.putObject("output").putObject("message").put("role", "assistant").putArray("content");
            if (calls.isEmpty()) content.addObject().put("text", ReplyText.text(pieces));
            for (int i = 0; i < calls.size(); i++) {
                ObjectNode use = content.addObject().putObject("toolUse").put("toolUseId", toolIds.get(i)).put("name", calls.get(i).name());
                use.putObject("input").put("location", calls.get(i).location());
            }
            whole.put("stopReason", stop);
            usage(whole.putObject("usage"), ask.promptTokens(), output);
            whole.putObject("metrics").put("latencyMs", ids.between(80, 400));
            response.putHeader("content-type", "application/json");
            JsonReply.send(response, script, json.bytes(whole));
            return;
        }
        List<Buffer> events = new ArrayList<>();
        events.add(event("messageStart", json.object().put("role", "assistant")));
        if (calls.isEmpty()) {
            for (int i = 0; i < pieces; i++) {
                ObjectNode delta = json.object().put("contentBlockIndex", 0);
                delta.putObject("delta").put("text", ReplyText.piece(i));
                events.add(event("contentBlockDelta", delta));
            }
            events.add(event("contentBlockStop", json.object().put("contentBlockIndex", 0)));
        }
        for (int i = 0; i < calls.size(); i++) {
            ObjectNode start = json.object().put("contentBlockIndex", i);
            start.putObject("start").putObject("toolUse").put("toolUseId", toolIds.get(i)).put("name", calls.get(i).name());
            events.add(event("contentBlockStart", start));
            for (String fragment : calls.get(i).argumentFragments(json)) {
                ObjectNode delta = json.object().put("contentBlockIndex", i);
                delta.putObject("delta").putObject("toolUse").put("input", fragment);
                events.add(event("contentBlockDelta", delta));
            }
            events.add(event("contentBlockStop", json.object().put("contentBlockIndex", i)));
        }
        ObjectNode metadata = json.object();
        usage(metadata.putObject("usage"), ask.promptTokens(), output);
        metadata.putObject("metrics").put("latencyMs", ids.between(80, 400));
        Buffer terminator = event("messageStop", json.object().put("stopReason", stop)).appendBuffer(event("metadata", metadata));
        response.putHeader("content-type", EVENT_STREAM);
        SsePump.start(vertx, request, new Frames(events, terminator, message -> exception("modelStreamErrorException", message)), script);
    }

    private static void usage(ObjectNode usage, int input, int output) {
        usage.put("inputTokens", input).put("outputTokens", output).put("totalTokens", input + output);
    }

    /** An event message: {@code :event-type}, {@code :content-type}, {@code :message-type: event}. */
    private Buffer event(String type, ObjectNode payload) {
        // AWS pads each event's payload so its length says nothing of the content.
        payload.put("p", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0".substring(0, 1 + ids.between(0, 40)));
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return frame(headers, json.bytes(payload).getBytes());
    }

    /** An exception message, as ConverseStream ends a stream that failed after it began. */
    private Buffer exception(String type, String message) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        return frame(headers, json.bytes(json.object().put("message", message)).getBytes());
    }

    private static Buffer frame(Map<String, HeaderValue> headers, byte[] payload) {
        java.nio.ByteBuffer bytes = new Message(headers, payload).toByteBuffer();
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        return Buffer.buffer(out);
    }

    /** {@code GET /foundation-models}: a few of Bedrock's base models. */
    ObjectNode models() {
        ObjectNode root = json.object();
        ArrayNode list = root.putArray("modelSummaries");
        for (String[] m : new String[][] {{"anthropic.claude-sonnet-4-5-20250929-v1:0", "Anthropic", "Claude Sonnet 4.5"},
                {"anthropic.claude-haiku-4-5-20251001-v1:0", "Anthropic", "Claude Haiku 4.5"}, {"amazon.nova-pro-v1:0", "Amazon", "Nova Pro"},
                {"meta.llama3-3-70b-instruct-v1:0", "Meta", "Llama 3.3 70B Instruct"}}) {
            ObjectNode o = list.addObject().put("modelId", m[0]).put("modelArn", "arn:aws:bedrock:us-east-1::foundation-model/" + m[0])
                    .put("providerName", m[1]).put("modelName", m[2]).put("responseStreamingSupported", true);
            o.putArray("inputModalities").add("TEXT");
            o.putArray("outputModalities").add("TEXT");
        }
        return root;
    }

    /** The stream's frames: events, then {@code messageStop} and {@code metadata} as its terminator. */
    private record Frames(List<Buffer> events, Buffer terminator, Function<String, Buffer> errors) implements SseFrames {
        @Override
        public int count() {
            return events.size();
        }

        @Override
        public Buffer frame(int index) {
            return events.get(index);
        }

        @Override
        public Buffer error(String message) {
            return errors.apply(message);
        }
    }
}
