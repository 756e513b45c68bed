package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * {@code POST /v1beta/models/{model}:generateContent} and {@code :streamGenerateContent}: reads
 * the request ({@link GeminiRequest}), then answers with a GenerateContentResponse
 * ({@code candidates[{content{role:"model",parts}, finishReason, index}]}, {@code usageMetadata},
 * {@code modelVersion}, {@code responseId}) or a stream of them. Text streams a word per event;
 * tool calls come whole, as {@code functionCall} parts (no id) with finishReason {@code STOP}.
 *
 * <p>The 2.5 models think by default, as Google's do: their usage reports
 * {@code thoughtsTokenCount}, counted in {@code totalTokenCount} but not in
 * {@code candidatesTokenCount}, and their first function call carries a {@code thoughtSignature}.
 */
final class GeminiGenerate {

    /** The thinking tokens a thinking model reports (at most the request's budget). */
    static final int THOUGHT_TOKENS = 40;

    /** What one request asked for, as far as the answer depends on it. */
    record Ask(String model, boolean stream, boolean sse, int promptTokens, int cachedTokens, int maxOutputTokens,
            int thoughtsTokens, ToolOffer tools) {}

    private final Vertx vertx;
    private final JsonCodec json;
    private final GoogleJson google;
    private final Ids ids;

    GeminiGenerate(Vertx vertx, JsonCodec json, GoogleJson google, Ids ids) {
        this.vertx = vertx;
        this.json = json;
        this.google = google;
        this.ids = ids;
    }

    Call read(String key, String model, boolean stream, boolean sse, Buffer body) {
        JsonNode root = json.readOrNull(body);
        if (root == null || !root.isObject()) {
            return Call.refused(key, model, stream,
                    new Refusal.Invalid(400, "Invalid JSON payload received. Unexpected token.", null, null));
        }
        return switch (GeminiRequest.read(root)) {
            case GeminiRequest.Rejected rejected ->
                    Call.refused(key, model, stream, new Refusal.Invalid(400, rejected.message(), null, null));
            case GeminiRequest.Parsed parsed -> {
                if (parsed.thinkingBudget() == 0 && onlyThinks(model)) {
                    yield Call.refused(key, model, stream, new Refusal.Invalid(400,
                            "Budget 0 is invalid. This model only works in thinking mode.", null, null));
                }
                int promptTokens = ReplyText.tokensFor(parsed.promptCharacters());
                Ask ask = new Ask(model, stream, sse, promptTokens,
                        parsed.cached() ? Math.max(1, promptTokens / 2) : 0,
                        parsed.maxOutputTokens(),
                        thoughtsTokens(model, parsed.thinkingBudget()),
                        parsed.tools());
                yield new Call(key, model, stream, null, (request, script) -> answer(request, script, ask));
            }
        };
    }

    private static boolean onlyThinks(String model) {
        return model.startsWith("gemini-2.5-pro") || model.startsWith("gemini-3");
    }

    private static int thoughtsTokens(String model, int budget) {
        boolean thinks = model.startsWith("gemini-2.5") || model.startsWith("gemini-3");
        // Flash-Lite thinks only when given a budget; a budget of 0 turns thinking off elsewhere.
        if (!thinks || budget == 0 || budget == GeminiRequest.DYNAMIC && model.contains("flash-lite")) {
            return 0;
        }
        return budget > 0 ? Math.min(budget, THOUGHT_TOKENS) : THOUGHT_TOKENS;
    }

    private void answer(HttpServerRequest request, Script script, Ask ask) {
        List<ToolCall> calls = ask.tools().callsFor(script);
        int pieces = script.chunksOr(ReplyText.DEFAULT_PIECES);
        String finish = "STOP";
        if (calls.isEmpty() && ask.maxOutputTokens() > 0 && ask.maxOutputTokens() < pieces) {
            pieces = ask.maxOutputTokens();
            finish = "MAX_TOKENS";
        }
        HttpServerResponse response = request.response();
        GeminiWire.stamp(response);
        String responseId = ids.alphanumeric(23);
        OnDemand<ObjectNode> events = calls.isEmpty()
                ? textEvents(ask, responseId, pieces, finish)
                : OnDemand.of(List.of(response(ask, responseId, functionCalls(ask, calls), "STOP", ToolCall.tokens(calls, json))));
        if (ask.stream()) {
            response.putHeader("content-type", ask.sse() ? "text/event-stream" : "application/json; charset=UTF-8");
            SsePump.start(vertx, request, new GeminiStream(google, events, ask.sse()), script);
            return;
        }
        ObjectNode whole = calls.isEmpty()
                ? response(ask, responseId, textParts(ReplyText.text(pieces)), finish, pieces)
                : events.get(0);
        response.putHeader("content-type", "application/json; charset=UTF-8");
        JsonReply.send(response, script, google.indented(whole));
    }

    private OnDemand<ObjectNode> textEvents(Ask ask, String responseId, int pieces, String finish) {
        return OnDemand.of(pieces, index -> response(ask, responseId, textParts(ReplyText.piece(index)),
                index == pieces - 1 ? finish : null, index + 1));
    }

    private ArrayNode textParts(String text) {
        ArrayNode parts = json.array();
        parts.addObject().put("text", text);
        return parts;
    }

    private ArrayNode functionCalls(Ask ask, List<ToolCall> calls) {
        ArrayNode parts = json.array();
        for (ToolCall call : calls) {
            ObjectNode part = parts.addObject();
            ObjectNode functionCall = part.putObject("functionCall").put("name", call.name());
            functionCall.putObject("args").put("location", call.location());
            if (ask.thoughtsTokens() > 0 && parts.size() == 1) {
                // A thinking model signs its first function call; the caller must send the part back as is.
                part.put("thoughtSignature", ids.alphanumeric(88));
            }
        }
        return parts;
    }

    private ObjectNode response(Ask ask, String responseId, ArrayNode parts, String finishReason, int candidatesTokens) {
        ObjectNode root = json.object();
        ObjectNode candidate = root.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.set("parts", parts);
        content.put("role", "model");
        if (finishReason != null) {
            candidate.put("finishReason", finishReason);
        }
        candidate.put("index", 0);
        root.set("usageMetadata", usage(ask, candidatesTokens));
        return root.put("modelVersion", ask.model()).put("responseId", responseId);
    }

    private ObjectNode usage(Ask ask, int candidatesTokens) {
        ObjectNode usage = json.object()
                .put("promptTokenCount", ask.promptTokens())
                .put("candidatesTokenCount", candidatesTokens)
                .put("totalTokenCount", ask.promptTokens() + candidatesTokens + ask.thoughtsTokens());
        if (ask.cachedTokens() > 0) {
            usage.put("cachedContentTokenCount", ask.cachedTokens());
        }
        usage.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", ask.promptTokens());
        if (ask.cachedTokens() > 0) {
            usage.putArray("cacheTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", ask.cachedTokens());
        }
        if (ask.thoughtsTokens() > 0) {
            usage.put("thoughtsTokenCount", ask.thoughtsTokens());
        }
        return usage;
    }
}
