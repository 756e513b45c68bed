package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.JsonFields;
import java.util.Set;

/**
 * What a translated Response repeats back from its request: a Response object states the settings
 * it ran with ({@code instructions}, {@code tools}, {@code tool_choice}, {@code temperature}…), and
 * the request decides how reasoning is shown (as a summary when one was asked for, with
 * {@code encrypted_content} when {@code include} names it) and what the model's tool calls are
 * called. Every JSON value is the client's own, or OpenAI's default when the client left it out.
 *
 * @param tools the request's tools as sent, less hosted tools left out as optional
 * @param summaries whether the client asked for a reasoning summary ({@code reasoning.summary})
 * @param encryptedReasoning whether {@code include} asks for {@code reasoning.encrypted_content}
 */
record ResponseEcho(JsonNode instructions, JsonNode maxOutputTokens, ArrayNode tools, JsonNode toolChoice,
                    JsonNode temperature, JsonNode topP, boolean parallelToolCalls, ObjectNode reasoning, ObjectNode text,
                    JsonNode promptCacheKey, JsonNode safetyIdentifier, JsonNode truncation, JsonNode metadata,
                    ResponsesToolNames names, boolean summaries, boolean encryptedReasoning) {

    static ResponseEcho of(JsonNode body, Set<String> leftOut) {
        ArrayNode tools = Json.MAPPER.createArrayNode();
        for (JsonNode tool : JsonFields.array(body, "tools")) {
            if (!leftOut.contains(tool.path("type").asText(""))) tools.add(tool.deepCopy());
        }
        ObjectNode reasoning = Json.object();
        JsonNode askedReasoning = body.path("reasoning");
        reasoning.set("effort", orNull(askedReasoning.get("effort")));
        reasoning.set("summary", orNull(askedReasoning.get("summary")));
        String summary = askedReasoning.path("summary").asText("");
        ObjectNode text = body.path("text") instanceof ObjectNode t ? t.deepCopy() : Json.object();
        if (!text.hasNonNull("format")) text.putObject("format").put("type", "text");
        if (!text.hasNonNull("verbosity")) text.put("verbosity", "medium");
        boolean encrypted = false;
        for (JsonNode item : body.path("include")) encrypted |= item.asText("").equals("reasoning.encrypted_content");
        return new ResponseEcho(orNull(body.get("instructions")), orNull(body.get("max_output_tokens")), tools,
                body.hasNonNull("tool_choice") ? body.get("tool_choice").deepCopy() : Json.MAPPER.getNodeFactory().textNode("auto"),
                orDefault(body.get("temperature"), 1.0), orDefault(body.get("top_p"), 1.0),
                body.path("parallel_tool_calls").asBoolean(true), reasoning, text,
                orNull(body.get("prompt_cache_key")), orNull(body.get("safety_identifier")),
                body.hasNonNull("truncation") ? body.get("truncation").deepCopy() : Json.MAPPER.getNodeFactory().textNode("disabled"),
                body.path("metadata").isObject() ? body.get("metadata").deepCopy() : Json.object(),
                ResponsesToolNames.of(JsonFields.array(body, "tools")),
                !summary.isEmpty() && !summary.equals("none"), encrypted);
    }

    private static JsonNode orNull(JsonNode value) {
        return value == null ? Json.MAPPER.nullNode() : value.deepCopy();
    }

    private static JsonNode orDefault(JsonNode value, double fallback) {
        return value == null || value.isNull() ? Json.MAPPER.getNodeFactory().numberNode(fallback) : value.deepCopy();
    }
}
