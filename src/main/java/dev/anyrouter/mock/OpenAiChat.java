package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.util.List;

/**
 * {@code POST /v1/chat/completions}: reads the request, then answers with a
 * {@code chat.completion} object or a stream of {@code chat.completion.chunk} events, shaped as
 * OpenAI's OpenAPI description has them ({@code logprobs} and {@code message.refusal} included).
 * A request whose tools {@link ToolOffer} says to call gets {@code tool_calls} instead of text.
 */
final class OpenAiChat {

    static final String FINGERPRINT = "fp_6b68a8204b";

    static final String UNPARSEABLE = "We could not parse the JSON body of your request. (HINT: This likely "
            + "means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what "
            + "was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us "
            + "through our help center at help.openai.com.)";

    /** What one chat request asked for, as far as the mock's answer depends on it. */
    record Ask(String model, boolean stream, boolean includeUsage, boolean obfuscate, int promptTokens, int maxTokens,
            ToolOffer tools, boolean azure) {}

    private final Vertx vertx;
    private final JsonCodec json;
    private final Clock clock;
    private final Ids ids;
    private final String quotedFirstPiece;
    private final String[] quotedLaterPieces;
    private final OpenAiToolCalls toolCalls;
    private final KeyLimits limits;
    private final OpenAiErrors errors;

    OpenAiChat(Vertx vertx, JsonCodec json, Clock clock, Ids ids) {
        this(vertx, json, clock, ids, new KeyLimits(clock));
    }

    /** @param limits the keys' rate limits, which every OpenAI (not Azure) answer takes from and reports */
    OpenAiChat(Vertx vertx, JsonCodec json, Clock clock, Ids ids, KeyLimits limits) {
        this.limits = limits;
        this.errors = new OpenAiErrors(json, ids);
        this.vertx = vertx;
        this.json = json;
        this.clock = clock;
        this.ids = ids;
        this.toolCalls = new OpenAiToolCalls(json, ids);
        // Escaped once here so a stream's chunks are plain concatenation.
        this.quotedFirstPiece = JsonCodec.quote(ReplyText.piece(0));
        this.quotedLaterPieces = ReplyText.WORDS.stream().map(word -> JsonCodec.quote(" " + word)).toArray(String[]::new);
    }

    /** The JSON string literal of content piece {@code index}. */
    String quotedPiece(int index) {
        return index == 0 ? quotedFirstPiece : quotedLaterPieces[index % quotedLaterPieces.length];
    }

    Call read(String key, Buffer body) {
        return read(key, body, null, false);
    }

    /**
     * As {@link #read(String, Buffer)}, for Azure OpenAI, on either of its paths: the deployments
     * path names the model in {@code deployment} (the body's {@code model} may be left out), the v1
     * API passes null and names it in the body; the answer carries Azure's content-filter
     * annotations ({@link AzureFilters}) on both.
     */
    Call readAzure(String key, Buffer body, String deployment) {
        return read(key, body, deployment, true);
    }

    private Call read(String key, Buffer body, String deployment, boolean azure) {
        JsonNode root = json.readOrNull(body);
        if (root == null || !root.isObject()) {
            return Call.refused(key, null, false, new Refusal.Invalid(400, UNPARSEABLE, null, null));
        }
        JsonNode modelNode = root.get("model");
        String model = deployment != null ? deployment : modelNode != null && modelNode.isTextual() ? modelNode.asText() : null;
        boolean stream = root.path("stream").isBoolean() && root.get("stream").booleanValue();
        if (model == null || model.isEmpty()) {
            return Call.refused(key, null, stream,
                    new Refusal.Invalid(400, "you must provide a model parameter", null, null));
        }
        JsonNode messages = root.get("messages");
        Refusal badMessages = checkMessages(messages);
        if (badMessages != null) {
            return Call.refused(key, model, stream, badMessages);
        }
        JsonNode options = root.path("stream_options");
        Ask ask = new Ask(model, stream,
                options.path("include_usage").asBoolean(false),
                options.path("include_obfuscation").asBoolean(true),
                ReplyText.tokensFor(promptCharacters(messages)),
                maxTokens(root),
                OpenAiToolCalls.offer(root, messages),
                azure);
        return new Call(key, model, stream, null, (request, script) -> answer(request, script, ask, key));
    }

    private static Refusal checkMessages(JsonNode messages) {
        if (messages == null || messages.isNull()) {
            return new Refusal.Invalid(400, "Missing required parameter: 'messages'.", "messages",
                    "missing_required_parameter");
        }
        if (!messages.isArray()) {
            return new Refusal.Invalid(400, "Invalid type for 'messages': expected an array of objects, but got "
                    + messages.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " instead.",
                    "messages", "invalid_type");
        }
        if (messages.isEmpty()) {
            return new Refusal.Invalid(400, "Invalid 'messages': empty array. Expected an array with minimum length 1, "
                    + "but got an empty array instead.", "messages", "empty_array");
        }
        return null;
    }

    /** Characters of text in the messages: string contents and the text of content parts. */
    private static long promptCharacters(JsonNode messages) {
        long characters = 0;
        for (JsonNode message : messages) {
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                characters += content.asText().length();
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    characters += part.path("text").asText("").length();
                }
            }
        }
        return characters;
    }

    private static int maxTokens(JsonNode root) {
        JsonNode limit = root.has("max_completion_tokens") ? root.get("max_completion_tokens") : root.get("max_tokens");
        return limit != null && limit.canConvertToInt() && limit.asInt() > 0 ? limit.asInt() : 0;
    }

    private void answer(HttpServerRequest request, Script script, Ask ask, String key) {
        if (!ask.azure()) {
            // OpenAI holds the prompt and the output asked for (its default when none is) against the minute's tokens.
            long tokens = ask.promptTokens() + (ask.maxTokens() > 0 ? ask.maxTokens() : ReplyText.DEFAULT_PIECES);
            KeyLimits.Admission admission = limits.admit(key, tokens);
            admission.stamp(request.response());
            if (!admission.admitted()) {
                errors.refuse(request.response(), new Refusal.Scripted(429, admission.retryAfterSeconds(), key, ask.model()));
                return;
            }
        }
        List<ToolCall> calls = ask.tools().callsFor(script);
        int pieces = script.chunksOr(ReplyText.DEFAULT_PIECES);
        String finish = "stop";
        if (!calls.isEmpty()) {
            finish = "tool_calls";
        } else if (ask.maxTokens() > 0 && ask.maxTokens() < pieces) {
            pieces = ask.maxTokens();
            finish = "length";
        }
        int completionTokens = calls.isEmpty() ? pieces : ToolCall.tokens(calls, json);
        HttpServerResponse response = request.response();
        OpenAiWire.stamp(response, ids);
        String id = "chatcmpl-" + ids.alphanumeric(29);
        long created = clock.instant().getEpochSecond();
        if (ask.stream()) {
            response.putHeader("content-type", "text/event-stream; charset=utf-8")
                    .putHeader("cache-control", "no-cache");
            String usage = ask.includeUsage() ? json.text(usage(ask.promptTokens(), completionTokens)) : null;
            OnDemand<String> deltas = calls.isEmpty() ? OpenAiChatStream.text(this, pieces) : toolCalls.deltas(calls);
            SseFrames frames = new OpenAiChatStream(ids, head(id, created, ask.model()), deltas, finish, usage, ask.obfuscate());
            SsePump.start(vertx, request, ask.azure() ? AzureFilters.stream(json, frames) : frames, script);
        } else {
            ObjectNode message = calls.isEmpty() ? textMessage(pieces) : toolCalls.message(calls);
            response.putHeader("content-type", "application/json");
            JsonReply.send(response, script, completion(id, created, ask, message, finish, completionTokens));
        }
    }

    private ObjectNode textMessage(int pieces) {
        ObjectNode message = json.object()
                .put("role", "assistant")
                .put("content", ReplyText.text(pieces));
        message.putNull("refusal");
        message.putArray("annotations");
        return message;
    }

    private Buffer completion(String id, long created, Ask ask, ObjectNode message, String finish, int completionTokens) {
        ObjectNode root = json.object()
                .put("id", id)
                .put("object", "chat.completion")
                .put("created", created)
                .put("model", ask.model());
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finish);
        root.set("usage", usage(ask.promptTokens(), completionTokens));
        root.put("service_tier", "default").put("system_fingerprint", FINGERPRINT);
        if (ask.azure()) AzureFilters.annotate(json, root);
        return json.bytes(root);
    }

    private ObjectNode usage(int promptTokens, int completionTokens) {
        ObjectNode usage = json.object()
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details")
                .put("reasoning_tokens", 0)
                .put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0)
                .put("rejected_prediction_tokens", 0);
        return usage;
    }

    /** Every chunk's opening up to its {@code choices} array, in the order OpenAI writes fields. */
    private String head(String id, long created, String model) {
        return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created
                + ",\"model\":" + JsonCodec.quote(model)
                + ",\"service_tier\":\"default\",\"system_fingerprint\":\"" + FINGERPRINT + "\",\"choices\":[";
    }
}
