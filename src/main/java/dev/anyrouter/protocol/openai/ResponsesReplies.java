package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.Part;
import dev.anyrouter.protocol.StopReason;
import dev.anyrouter.protocol.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Neutral replies as OpenAI Response objects, and the JSON objects of a translated Responses
 * answer, written alike for a whole answer and a stream:
 * the {@code response} object (every field OpenAI's description requires, the request's settings
 * echoed), its output items ({@code message}, {@code reasoning}, {@code function_call},
 * {@code custom_tool_call}) and {@code usage}. Ids derive from the response id and the item's
 * place, so the same answer is named alike however it is delivered.
 */
final class ResponsesReplies {
    private final ResponseEcho echo;

    ResponsesReplies(ResponseEcho echo) {
        this.echo = echo;
    }

    /** A whole answer as a Response object. */
    ObjectNode encode(ModelReply reply, long createdEpochSeconds) {
        String id = responseId(reply.id());
        String incomplete = incompleteReason(reply.stopReason());
        return response(id, reply.model(), createdEpochSeconds, incomplete == null ? "completed" : "incomplete", incomplete,
                output(id, reply.content()), reply.usage(), null);
    }

    /** A Responses id for an upstream's answer id ({@code msg_01…} becomes {@code resp_msg01…}). */
    static String responseId(String upstreamId) {
        if (upstreamId == null || upstreamId.isEmpty()) return "resp_anyrouter";
        if (upstreamId.startsWith("resp_")) return upstreamId;
        return "resp_" + upstreamId.replaceAll("[^A-Za-z0-9]", "");
    }

    /** The id of the output item at {@code index}, with the prefix OpenAI uses for its kind. */
    static String itemId(String prefix, String responseId, int index) {
        return prefix + "_" + responseId.substring(responseId.indexOf('_') + 1) + "_" + index;
    }

    /** Whether and why an answer that stopped so is incomplete, or null when it completed. */
    static String incompleteReason(StopReason stop) {
        if (stop == null) return null;
        return switch (stop) {
            case MAX_TOKENS, CONTEXT_WINDOW_EXCEEDED -> "max_output_tokens";
            case CONTENT_FILTER -> "content_filter";
            default -> null;
        };
    }

    /**
     * The response object.
     *
     * @param status {@code in_progress}, {@code completed}, {@code incomplete} or {@code failed}
     * @param usage null leaves it out, as before the response completes
     * @param error for a failed response, its {@code code} and {@code message}; else null
     */
    ObjectNode response(String id, String model, long createdAt, String status, String incompleteReason, List<ObjectNode> output,
                        Usage usage, ObjectNode error) {
        ObjectNode r = Json.object().put("id", id).put("object", "response").put("created_at", createdAt)
                .put("status", status).put("background", false);
        if (status.equals("completed") || status.equals("incomplete")) r.put("completed_at", createdAt);
        else r.putNull("completed_at");
        r.set("error", error == null ? Json.MAPPER.nullNode() : error);
        if (incompleteReason == null) r.putNull("incomplete_details");
        else r.putObject("incomplete_details").put("reason", incompleteReason);
        r.set("instructions", echo.instructions());
        r.set("max_output_tokens", echo.maxOutputTokens());
        r.putNull("max_tool_calls");
        r.put("model", model);
        ArrayNode items = r.putArray("output");
        output.forEach(items::add);
        r.put("parallel_tool_calls", echo.parallelToolCalls());
        r.putNull("previous_response_id");
        r.set("prompt_cache_key", echo.promptCacheKey());
        r.set("reasoning", echo.reasoning());
        r.set("safety_identifier", echo.safetyIdentifier());
        r.put("service_tier", "default");
        // Nothing is kept: a later previous_response_id could not find this response.
        r.put("store", false);
        r.set("temperature", echo.temperature());
        r.set("text", echo.text());
        r.set("tool_choice", echo.toolChoice());
        r.set("tools", echo.tools());
        r.put("top_logprobs", 0);
        r.set("top_p", echo.topP());
        r.set("truncation", echo.truncation());
        if (usage != null) r.set("usage", usage(usage));
        r.set("metadata", echo.metadata());
        return r;
    }

    ObjectNode failure(String type, String message) {
        String code = type != null && type.contains("rate_limit") ? "rate_limit_exceeded" : "server_error";
        return Json.object().put("code", code).put("message", message);
    }

    /** The output items of a whole answer, one per part, in the order the model produced them. */
    List<ObjectNode> output(String responseId, List<Part> content) {
        List<ObjectNode> items = new ArrayList<>();
        for (Part part : content) {
            int index = items.size();
            switch (part) {
                case Part.Text t -> items.add(message(itemId("msg", responseId, index), t.text(), "completed"));
                case Part.Thinking t -> items.add(reasoning(itemId("rs", responseId, index), t.text(), part));
                case Part.RedactedThinking r -> items.add(reasoning(itemId("rs", responseId, index), "", part));
                case Part.ToolCall call -> items.add(call(responseId, index, call.id(), call.name(), call.arguments(), "completed"));
                default -> { } // images and tool results never appear in an answer
            }
        }
        return items;
    }

    /** An assistant message with one {@code output_text} part (none while it is only announced). */
    ObjectNode message(String id, String text, String status) {
        ObjectNode m = Json.object().put("id", id).put("type", "message").put("status", status).put("role", "assistant");
        ArrayNode content = m.putArray("content");
        if (text != null) content.add(textPart(text));
        return m;
    }

    static ObjectNode textPart(String text) {
        ObjectNode part = Json.object().put("type", "output_text");
        part.putArray("annotations");
        part.putArray("logprobs");
        return part.put("text", text);
    }

    /**
     * A reasoning item: the text as a summary when the client asked for one, else as reasoning
     * content; the sealed original in {@code encrypted_content} when the client includes it.
     *
     * @param original the thinking or redacted part to seal, or null while the item is only announced
     */
    ObjectNode reasoning(String id, String text, Part original) {
        ObjectNode r = Json.object().put("id", id).put("type", "reasoning");
        ArrayNode summary = r.putArray("summary");
        boolean visible = original == null || original instanceof Part.Thinking;
        if (visible && original != null && echo.summaries()) summary.add(summaryPart(text));
        if (visible && original != null && !echo.summaries()) r.putArray("content").add(reasoningPart(text));
        if (echo.encryptedReasoning() && original != null) r.put("encrypted_content", ReasoningEnvelope.seal(original));
        return r.put("status", original == null ? "in_progress" : "completed");
    }

    static ObjectNode summaryPart(String text) {
        return Json.object().put("type", "summary_text").put("text", text);
    }

    static ObjectNode reasoningPart(String text) {
        return Json.object().put("type", "reasoning_text").put("text", text);
    }

    /** A call of one of the client's tools, named as the client named it (a namespace's member, a custom tool). */
    ObjectNode call(String responseId, int index, String callId, String neutralName, String arguments, String status) {
        ResponsesToolNames.Target target = echo.names().target(neutralName);
        ObjectNode c;
        if (target.custom()) {
            c = Json.object().put("id", itemId("ctc", responseId, index)).put("type", "custom_tool_call").put("status", status)
                    .put("call_id", callId).put("input", customInput(arguments));
        } else {
            c = Json.object().put("id", itemId("fc", responseId, index)).put("type", "function_call").put("status", status)
                    .put("arguments", arguments).put("call_id", callId);
        }
        if (target.namespace() != null) c.put("namespace", target.namespace());
        return c.put("name", target.name());
    }

    /** Whether the client calls the neutral tool {@code neutralName} a custom tool (free-form input). */
    boolean isCustom(String neutralName) {
        return echo.names().target(neutralName).custom();
    }

    /** A custom tool's input, from the one-string-argument function it was offered as. */
    static String customInput(String arguments) {
        try {
            JsonNode parsed = Json.parse(arguments.getBytes(StandardCharsets.UTF_8));
            if (parsed.path("input").isTextual()) return parsed.get("input").asText();
        } catch (RuntimeException e) {
            // Not the object it was asked for: the model's text is the input.
        }
        return arguments;
    }

    static ObjectNode usage(Usage usage) {
        ObjectNode u = Json.object().put("input_tokens", usage.inputTokens());
        u.putObject("input_tokens_details").put("cached_tokens", usage.cachedTokens()).put("cache_write_tokens", usage.cacheWriteTokens());
        u.put("output_tokens", usage.outputTokens());
        u.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        return u.put("total_tokens", usage.inputTokens() + usage.outputTokens());
    }
}
