package dev.anyrouter.protocol.gemini;

import static dev.anyrouter.protocol.JsonFields.array;
import static dev.anyrouter.protocol.JsonFields.decimal;
import static dev.anyrouter.protocol.JsonFields.integer;
import static dev.anyrouter.protocol.JsonFields.longValue;
import static dev.anyrouter.protocol.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.ImageSource;
import dev.anyrouter.protocol.JsonFields;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.Message;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.Part;
import dev.anyrouter.protocol.Reasoning;
import dev.anyrouter.protocol.ResponseFormat;
import dev.anyrouter.protocol.Role;
import dev.anyrouter.protocol.Sampling;
import dev.anyrouter.protocol.ToolChoice;
import dev.anyrouter.protocol.ToolDefinition;
import dev.anyrouter.protocol.UnsupportedFieldException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a Gemini {@code generateContent} body into the neutral model (the model id and
 * streaming come from the URL, so the caller supplies them). Function calls without an id get
 * a derived one, and a response without an id answers the oldest open call of its name.
 */
final class GeminiRequestDecoder {
    private GeminiRequestDecoder() {}

    static ModelRequest decode(JsonNode body, String model, boolean stream) {
        if (!body.isObject()) throw new MalformedJsonException("the request body must be a JSON object");
        List<Part.Text> system = new ArrayList<>();
        for (JsonNode p : body.path("systemInstruction").path("parts")) system.add(new Part.Text(p.path("text").asText("")));
        Map<String, Deque<String>> openCalls = new HashMap<>();
        List<Message> messages = new ArrayList<>();
        List<JsonNode> contents = array(body, "contents");
        for (int i = 0; i < contents.size(); i++) {
            JsonNode content = contents.get(i);
            Role role = "model".equals(content.path("role").asText("user")) ? Role.ASSISTANT : Role.USER;
            List<Part> parts = new ArrayList<>();
            int ordinal = 0;
            for (JsonNode p : content.path("parts")) parts.add(part(p, "contents[" + i + "]", i, ordinal++, openCalls));
            messages.add(new Message(role, parts));
        }
        List<ToolDefinition> tools = new ArrayList<>();
        for (JsonNode tool : array(body, "tools")) {
            for (JsonNode d : tool.path("functionDeclarations")) {
                JsonNode schema = d.has("parametersJsonSchema") ? d.get("parametersJsonSchema") : d.get("parameters");
                tools.add(new ToolDefinition(d.path("name").asText(), text(d, "description"), schema));
            }
        }
        JsonNode g = body.path("generationConfig");
        List<String> stop = new ArrayList<>();
        for (JsonNode s : g.path("stopSequences")) stop.add(s.asText());
        return new ModelRequest(model, system, messages, tools, toolChoice(body.path("toolConfig").path("functionCallingConfig")),
                null, responseFormat(g), new Sampling(decimal(g, "temperature"), decimal(g, "topP"), integer(g, "topK"),
                decimal(g, "frequencyPenalty"), decimal(g, "presencePenalty"), longValue(g, "seed")),
                stop, integer(g, "maxOutputTokens"), reasoning(g.get("thinkingConfig")), null, stream, List.of());
    }

    private static Part part(JsonNode p, String where, int message, int ordinal, Map<String, Deque<String>> openCalls) {
        if (p.has("text")) {
            return p.path("thought").asBoolean(false) ? new Part.Thinking(p.get("text").asText(), text(p, "thoughtSignature"))
                    : new Part.Text(p.get("text").asText());
        }
        if (p.has("inlineData")) {
            JsonNode d = p.get("inlineData");
            return new Part.Image(new ImageSource.Base64(d.path("mimeType").asText(), d.path("data").asText()));
        }
        if (p.has("fileData")) return new Part.Image(new ImageSource.Url(p.get("fileData").path("fileUri").asText()));
        if (p.has("functionCall")) {
            JsonNode fc = p.get("functionCall");
            String name = fc.path("name").asText();
            String args = JsonFields.compact(fc.has("args") ? fc.get("args") : dev.anyrouter.protocol.Json.object());
            String id = fc.hasNonNull("id") ? fc.get("id").asText() : GeminiCallIds.of("request-" + message, ordinal, name, args);
            openCalls.computeIfAbsent(name, n -> new ArrayDeque<>()).addLast(id);
            return new Part.ToolCall(id, name, args);
        }
        if (p.has("functionResponse")) {
            JsonNode fr = p.get("functionResponse");
            String name = fr.path("name").asText();
            Deque<String> open = openCalls.getOrDefault(name, new ArrayDeque<>());
            String id = fr.hasNonNull("id") ? fr.get("id").asText() : open.isEmpty() ? name : open.peekFirst();
            open.remove(id);
            JsonNode response = fr.path("response");
            boolean error = response.has("error") && !response.has("output");
            JsonNode value = error ? response.get("error") : response.has("output") ? response.get("output") : response;
            String text = value.isTextual() ? value.asText() : JsonFields.compact(value);
            return new Part.ToolResult(id, List.of(new Part.Text(text)), error);
        }
        throw new UnsupportedFieldException(where + ".parts", "holds a part with no equivalent: " + JsonFields.names(p));
    }

    private static ToolChoice toolChoice(JsonNode config) {
        if (config.isMissingNode()) return null;
        return switch (config.path("mode").asText("AUTO")) {
            case "NONE" -> new ToolChoice.None();
            case "ANY" -> config.path("allowedFunctionNames").size() == 1
                    ? new ToolChoice.Named(config.path("allowedFunctionNames").get(0).asText()) : new ToolChoice.Required();
            default -> new ToolChoice.Auto();
        };
    }

    private static ResponseFormat responseFormat(JsonNode g) {
        String mime = text(g, "responseMimeType");
        if (mime == null) return null;
        if (mime.equals("text/plain")) return new ResponseFormat.Text();
        JsonNode schema = g.has("responseJsonSchema") ? g.get("responseJsonSchema") : g.get("responseSchema");
        return schema == null ? new ResponseFormat.JsonObject() : new ResponseFormat.JsonSchema(null, schema, null);
    }

    private static Reasoning reasoning(JsonNode thinking) {
        if (thinking == null || thinking.isNull()) return null;
        int budget = thinking.path("thinkingBudget").asInt(-1);
        if (budget == 0) return Reasoning.OFF;
        return new Reasoning(budget < 0 ? null : budget, null, true);
    }
}
