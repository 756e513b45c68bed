package dev.anyrouter.protocol.gemini;

import static dev.anyrouter.protocol.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.JsonFields;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.Part;
import dev.anyrouter.protocol.StopReason;
import dev.anyrouter.protocol.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini {@code GenerateContentResponse} objects ⇄ neutral replies. Gemini finishes a turn that
 * calls functions with {@code STOP}, so the stop reason becomes tool use when a call is present;
 * its {@code candidatesTokenCount} leaves out thinking, which the neutral output count includes.
 */
final class GeminiReplies {
    private GeminiReplies() {}

    static ModelReply decode(JsonNode body) {
        String responseId = text(body, "responseId");
        JsonNode candidate = body.path("candidates").path(0);
        List<Part> content = new ArrayList<>();
        int calls = 0;
        for (JsonNode p : candidate.path("content").path("parts")) {
            Part part = replyPart(p, responseId, calls);
            if (part == null) continue;
            if (part instanceof Part.ToolCall) calls++;
            content.add(part);
        }
        StopReason reason = candidate.isMissingNode() && body.path("promptFeedback").has("blockReason")
                ? StopReason.CONTENT_FILTER : stopReason(candidate.path("finishReason").asText(null), calls > 0);
        return new ModelReply(responseId, text(body, "modelVersion"), content, reason, null, usage(body.get("usageMetadata")));
    }

    /** One part of a candidate: text, a thought, or a function call (given a derived id when it has none). */
    static Part replyPart(JsonNode p, String responseId, int callOrdinal) {
        if (p.has("functionCall")) {
            JsonNode fc = p.get("functionCall");
            String name = fc.path("name").asText();
            String args = JsonFields.compact(fc.has("args") ? fc.get("args") : Json.object());
            String id = fc.hasNonNull("id") ? fc.get("id").asText() : GeminiCallIds.of(responseId, callOrdinal, name, args);
            return new Part.ToolCall(id, name, args);
        }
        if (p.has("text")) {
            return p.path("thought").asBoolean(false) ? new Part.Thinking(p.get("text").asText(), text(p, "thoughtSignature"))
                    : new Part.Text(p.get("text").asText());
        }
        return null;
    }

    static ObjectNode encode(ModelReply reply) {
        ObjectNode root = Json.object();
        ObjectNode candidate = root.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        ArrayNode parts = content.putArray("parts");
        for (Part part : reply.content()) {
            switch (part) {
                case Part.Text t -> parts.addObject().put("text", t.text());
                case Part.Thinking th -> {
                    ObjectNode p = parts.addObject().put("text", th.text()).put("thought", true);
                    if (th.signature() != null) p.put("thoughtSignature", th.signature());
                }
                case Part.ToolCall call -> {
                    ObjectNode fc = parts.addObject().putObject("functionCall").put("id", call.id()).put("name", call.name());
                    fc.set("args", JsonFields.argumentsObject(call.arguments(), "tool_calls.arguments"));
                }
                default -> { }
            }
        }
        content.put("role", "model");
        candidate.put("finishReason", finishReason(reply.stopReason()));
        candidate.put("index", 0);
        root.set("usageMetadata", usageNode(reply.usage()));
        if (reply.model() != null) root.put("modelVersion", reply.model());
        if (reply.id() != null) root.put("responseId", reply.id());
        return root;
    }

    static StopReason stopReason(String finishReason, boolean calledFunctions) {
        if (finishReason == null) return null;
        return switch (finishReason) {
            case "STOP" -> calledFunctions ? StopReason.TOOL_USE : StopReason.END_TURN;
            case "MAX_TOKENS" -> StopReason.MAX_TOKENS;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT"
                    -> StopReason.CONTENT_FILTER;
            default -> StopReason.OTHER;
        };
    }

    static String finishReason(StopReason reason) {
        if (reason == null) return "STOP";
        return switch (reason) {
            case END_TURN, STOP_SEQUENCE, TOOL_USE, PAUSE_TURN -> "STOP";
            case MAX_TOKENS, CONTEXT_WINDOW_EXCEEDED -> "MAX_TOKENS";
            case CONTENT_FILTER, REFUSAL -> "SAFETY";
            case OTHER -> "OTHER";
        };
    }

    static Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) return null;
        long thoughts = u.path("thoughtsTokenCount").asLong(0);
        long prompt = u.path("promptTokenCount").asLong(0) + u.path("toolUsePromptTokenCount").asLong(0);
        return new Usage(prompt, u.path("candidatesTokenCount").asLong(0) + thoughts,
                u.path("cachedContentTokenCount").asLong(0), 0, thoughts);
    }

    static ObjectNode usageNode(Usage usage) {
        ObjectNode node = Json.object();
        node.put("promptTokenCount", usage.inputTokens());
        node.put("candidatesTokenCount", usage.outputTokens() - usage.reasoningTokens());
        node.put("totalTokenCount", usage.inputTokens() + usage.outputTokens());
        if (usage.cachedTokens() > 0) node.put("cachedContentTokenCount", usage.cachedTokens());
        if (usage.reasoningTokens() > 0) node.put("thoughtsTokenCount", usage.reasoningTokens());
        return node;
    }
}
