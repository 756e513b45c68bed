package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON objects of OpenAI's Responses API as the mock writes them: the {@code response}
 * object, its output items (an assistant {@code message} with {@code output_text}, a
 * {@code function_call}, a {@code web_search_call}) and {@code usage}. Every field the OpenAPI description marks required
 * is written, null where OpenAI writes null.
 */
final class ResponseObjects {

    /** The request fields a response object repeats back, read once from the request. */
    record Echo(JsonNode instructions, Integer maxOutputTokens, ArrayNode tools, JsonNode toolChoice,
                JsonNode temperature, JsonNode topP, boolean parallelToolCalls, JsonNode reasoning, JsonNode text,
                boolean store, String previousResponseId, String promptCacheKey, JsonNode metadata) {}

    /** One output item planned for an answer, complete (its final text or arguments). */
    sealed interface Item {
        String id();
    }

    /** The assistant's message with one {@code output_text} part. */
    record Message(String id, String text, boolean incomplete) implements Item {}

    /** A call of one of the caller's functions. */
    record FunctionCall(String id, String callId, String name, String arguments) implements Item {}

    /** One search the hosted web search tool ran (OpenAI bills each). */
    record WebSearch(String id, String query) implements Item {}

    private final JsonCodec json;

    ResponseObjects(JsonCodec json) {
        this.json = json;
    }

    /**
     * The response object. {@code output} null means none yet ({@code []}); {@code usage} null
     * leaves usage out, as before the response completes. The deprecated {@code user} is left out.
     */
    ObjectNode response(String id, long createdAt, Long completedAt, String model, String status, Echo echo,
                        List<Item> output, ObjectNode usage) {
        ObjectNode r = json.object()
                .put("id", id)
                .put("object", "response")
                .put("created_at", createdAt)
                .put("status", status)
                .put("background", false);
        if (completedAt == null) r.putNull("completed_at");
        else r.put("completed_at", completedAt);
        r.putNull("error");
        if (status.equals("incomplete")) r.putObject("incomplete_details").put("reason", "max_output_tokens");
        else r.putNull("incomplete_details");
        r.set("instructions", echo.instructions() == null ? json.mapper().nullNode() : echo.instructions());
        if (echo.maxOutputTokens() == null) r.putNull("max_output_tokens");
        else r.put("max_output_tokens", echo.maxOutputTokens());
        r.putNull("max_tool_calls");
        r.put("model", model);
        ArrayNode items = r.putArray("output");
        if (output != null) output.forEach(item -> items.add(item(item, true)));
        r.put("parallel_tool_calls", echo.parallelToolCalls());
        r.put("previous_response_id", echo.previousResponseId());
        r.put("prompt_cache_key", echo.promptCacheKey());
        r.set("reasoning", echo.reasoning() != null && echo.reasoning().isObject()
                ? echo.reasoning() : json.object().putNull("effort").putNull("summary"));
        r.putNull("safety_identifier");
        r.put("service_tier", "default");
        r.put("store", echo.store());
        r.set("temperature", echo.temperature() == null ? json.mapper().getNodeFactory().numberNode(1.0) : echo.temperature());
        r.set("text", echo.text() != null && echo.text().isObject() ? echo.text() : defaultText());
        r.set("tool_choice", echo.toolChoice() == null ? json.mapper().getNodeFactory().textNode("auto") : echo.toolChoice());
        r.set("tools", echo.tools());
        r.put("top_logprobs", 0);
        r.set("top_p", echo.topP() == null ? json.mapper().getNodeFactory().numberNode(1.0) : echo.topP());
        r.put("truncation", "disabled");
        if (usage != null) {
            // OpenAI writes "usage": null until the end; the OpenAPI description allows only an object, or nothing.
            r.set("usage", usage);
        }
        r.set("metadata", echo.metadata() != null && echo.metadata().isObject() ? echo.metadata() : json.object());
        return r;
    }

    private ObjectNode defaultText() {
        ObjectNode text = json.object();
        text.putObject("format").put("type", "text");
        return text.put("verbosity", "medium");
    }

    /**
     * An output item: {@code done} is the complete item ({@code output_item.done}, the response's
     * output); otherwise the item as {@code output_item.added} announces it, with no content yet.
     */
    ObjectNode item(Item item, boolean done) {
        return switch (item) {
            case Message message -> {
                ObjectNode m = json.object().put("id", message.id()).put("type", "message")
                        .put("status", !done ? "in_progress" : message.incomplete() ? "incomplete" : "completed");
                ArrayNode content = m.put("role", "assistant").putArray("content");
                if (done) content.add(textPart(message.text()));
                yield m;
            }
            case FunctionCall call -> json.object().put("id", call.id()).put("type", "function_call")
                    .put("status", done ? "completed" : "in_progress")
                    .put("arguments", done ? call.arguments() : "")
                    .put("call_id", call.callId())
                    .put("name", call.name());
            case WebSearch search -> {
                ObjectNode w = json.object().put("id", search.id()).put("type", "web_search_call")
                        .put("status", done ? "completed" : "in_progress");
                w.putObject("action").put("type", "search").put("query", search.query());
                yield w;
            }
        };
    }

    /** An {@code output_text} content part. */
    ObjectNode textPart(String text) {
        ObjectNode part = json.object().put("type", "output_text");
        part.putArray("annotations");
        part.putArray("logprobs");
        return part.put("text", text);
    }

    ObjectNode usage(int inputTokens, int outputTokens) {
        ObjectNode usage = json.object().put("input_tokens", inputTokens);
        usage.putObject("input_tokens_details").put("cached_tokens", 0).put("cache_write_tokens", 0);
        usage.put("output_tokens", outputTokens);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        return usage.put("total_tokens", inputTokens + outputTokens);
    }
}
