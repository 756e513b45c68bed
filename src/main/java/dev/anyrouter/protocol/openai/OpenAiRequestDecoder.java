package dev.anyrouter.protocol.openai;

import static dev.anyrouter.protocol.JsonFields.array;
import static dev.anyrouter.protocol.JsonFields.bool;
import static dev.anyrouter.protocol.JsonFields.decimal;
import static dev.anyrouter.protocol.JsonFields.integer;
import static dev.anyrouter.protocol.JsonFields.longValue;
import static dev.anyrouter.protocol.JsonFields.names;
import static dev.anyrouter.protocol.JsonFields.present;
import static dev.anyrouter.protocol.JsonFields.requiredText;
import static dev.anyrouter.protocol.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.ImageSource;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Decodes an OpenAI Chat Completions request into the neutral model. */
final class OpenAiRequestDecoder {
    /** Fields read into the neutral model. */
    private static final Set<String> KNOWN = Set.of("model", "messages", "tools", "tool_choice", "parallel_tool_calls",
            "response_format", "temperature", "top_p", "top_k", "frequency_penalty", "presence_penalty", "seed", "stop",
            "max_tokens", "max_completion_tokens", "reasoning_effort", "user", "safety_identifier", "stream",
            "stream_options", "n", "logprobs", "top_logprobs", "logit_bias", "modalities", "audio", "functions",
            "function_call", "web_search_options");

    private OpenAiRequestDecoder() {}

    static ModelRequest decode(JsonNode body) {
        if (!body.isObject()) throw new MalformedJsonException("the request body must be a JSON object");
        List<String> dropped = new ArrayList<>();
        refuseUnsupported(body);
        // Everything else (metadata, store, service_tier, prompt_cache_key, prediction, vendor
        // extensions) is a hint no other wire carries: dropped, and listed for the client to see.
        for (String name : names(body)) {
            if (!KNOWN.contains(name) && !body.get(name).isNull()) dropped.add(name);
        }
        List<Part.Text> system = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        decodeMessages(array(body, "messages"), system, messages, dropped);
        Integer maxTokens = integer(body, "max_completion_tokens");
        if (maxTokens == null) maxTokens = integer(body, "max_tokens");
        String effort = text(body, "reasoning_effort");
        String user = text(body, "safety_identifier");
        if (user == null) user = text(body, "user");
        Boolean stream = bool(body, "stream");
        return new ModelRequest(text(body, "model"), system, messages, tools(body, dropped), toolChoice(body.get("tool_choice")),
                bool(body, "parallel_tool_calls"), responseFormat(body.get("response_format")),
                new Sampling(decimal(body, "temperature"), decimal(body, "top_p"), integer(body, "top_k"),
                        decimal(body, "frequency_penalty"), decimal(body, "presence_penalty"), longValue(body, "seed")),
                stop(body.get("stop")), maxTokens,
                effort == null ? null : "none".equals(effort) ? Reasoning.OFF : new Reasoning(null, effort, true),
                user, stream != null && stream, dropped);
    }

    private static void refuseUnsupported(JsonNode body) {
        Integer n = integer(body, "n");
        if (n != null && n != 1) throw new UnsupportedFieldException("n", "must be 1: this model answers with one choice");
        if (Boolean.TRUE.equals(bool(body, "logprobs"))) {
            throw new UnsupportedFieldException("logprobs", "is not available for this model");
        }
        JsonNode bias = body.get("logit_bias");
        if (bias != null && bias.isObject() && !bias.isEmpty()) {
            throw new UnsupportedFieldException("logit_bias", "is not available for this model");
        }
        JsonNode modalities = body.get("modalities");
        if (modalities != null && modalities.isArray()) {
            for (JsonNode m : modalities) {
                if (!"text".equals(m.asText())) throw new UnsupportedFieldException("modalities", "may only ask for text from this model");
            }
        }
        for (String field : List.of("audio", "functions", "function_call", "web_search_options")) {
            if (present(body, field)) {
                throw new UnsupportedFieldException(field, "has no equivalent for this model");
            }
        }
    }

    private static void decodeMessages(List<JsonNode> items, List<Part.Text> system, List<Message> messages,
                                       List<String> dropped) {
        List<Part> pendingResults = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode m = items.get(i);
            String where = "messages[" + i + "]";
            String role = text(m, "role");
            if (role == null) throw new MalformedJsonException("'" + where + ".role' is required");
            if (!role.equals("tool") && !pendingResults.isEmpty()) {
                messages.add(new Message(Role.USER, pendingResults));
                pendingResults = new ArrayList<>();
            }
            if (m.hasNonNull("name") && !dropped.contains("messages[].name")) dropped.add("messages[].name");
            switch (role) {
                case "system", "developer" -> {
                    if (!messages.isEmpty()) {
                        throw new UnsupportedFieldException(where + ".role", "'" + role
                                + "' messages are accepted only at the start of the conversation by this model");
                    }
                    for (Part p : content(m.get("content"), where, dropped)) {
                        if (!(p instanceof Part.Text t)) throw new UnsupportedFieldException(where + ".content", "of a system message must be text");
                        system.add(t);
                    }
                }
                case "user" -> messages.add(new Message(Role.USER, content(m.get("content"), where, dropped)));
                case "assistant" -> messages.add(new Message(Role.ASSISTANT, assistant(m, where, dropped)));
                case "tool" -> pendingResults.add(new Part.ToolResult(
                        requiredText(m, "tool_call_id", where + ".tool_call_id"),
                        content(m.get("content"), where, dropped), false));
                default -> throw new UnsupportedFieldException(where + ".role", "'" + role + "' has no equivalent for this model");
            }
        }
        if (!pendingResults.isEmpty()) messages.add(new Message(Role.USER, pendingResults));
    }

    private static List<Part> assistant(JsonNode m, String where, List<String> dropped) {
        List<Part> parts = new ArrayList<>();
        String reasoning = text(m, "reasoning_content");
        if (reasoning != null && !reasoning.isEmpty()) parts.add(new Part.Thinking(reasoning, null));
        JsonNode content = m.get("content");
        if (content != null && !content.isNull()) parts.addAll(content(content, where, dropped));
        String refusal = text(m, "refusal");
        if (refusal != null && !refusal.isEmpty()) parts.add(new Part.Text(refusal));
        List<JsonNode> calls = array(m, "tool_calls");
        for (int j = 0; j < calls.size(); j++) {
            JsonNode call = calls.get(j);
            String w = where + ".tool_calls[" + j + "]";
            if (!"function".equals(call.path("type").asText("function"))) {
                throw new UnsupportedFieldException(w + ".type", "'" + call.path("type").asText() + "' has no equivalent for this model");
            }
            JsonNode fn = call.path("function");
            parts.add(new Part.ToolCall(requiredText(call, "id", w + ".id"),
                    requiredText(fn, "name", w + ".function.name"),
                    fn.path("arguments").asText("{}")));
        }
        if (m.hasNonNull("function_call")) throw new UnsupportedFieldException(where + ".function_call", "has no equivalent for this model: use tool_calls");
        return parts;
    }

    /** Content as a string or an array of parts. */
    static List<Part> content(JsonNode content, String where, List<String> dropped) {
        if (content == null || content.isNull()) return List.of();
        if (content.isTextual()) return List.of(new Part.Text(content.asText()));
        if (!content.isArray()) throw new MalformedJsonException("'" + where + ".content' must be a string or an array");
        List<Part> parts = new ArrayList<>();
        for (int k = 0; k < content.size(); k++) {
            JsonNode part = content.get(k);
            String type = part.path("type").asText("");
            String w = where + ".content[" + k + "]";
            switch (type) {
                case "text" -> parts.add(new Part.Text(part.path("text").asText("")));
                case "refusal" -> parts.add(new Part.Text(part.path("refusal").asText("")));
                case "image_url" -> {
                    JsonNode image = part.path("image_url");
                    String url = image.isTextual() ? image.asText() : image.path("url").asText("");
                    if (image.hasNonNull("detail") && !dropped.contains("image_url.detail")) dropped.add("image_url.detail");
                    parts.add(new Part.Image(imageSource(url, w)));
                }
                default -> throw new UnsupportedFieldException(w + ".type", "'" + type + "' has no equivalent for this model");
            }
        }
        return parts;
    }

    /** A {@code data:} URL becomes inline bytes; anything else stays a URL. */
    static ImageSource imageSource(String url, String where) {
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String meta = comma < 0 ? "" : url.substring(5, comma);
            if (comma < 0 || !meta.endsWith(";base64")) {
                throw new UnsupportedFieldException(where + ".image_url.url", "must be a base64 data: URL or an http(s) URL");
            }
            return new ImageSource.Base64(meta.substring(0, meta.length() - ";base64".length()), url.substring(comma + 1));
        }
        if (url.isEmpty()) throw new MalformedJsonException("'" + where + ".image_url.url' is required");
        return new ImageSource.Url(url);
    }

    private static List<ToolDefinition> tools(JsonNode body, List<String> dropped) {
        List<JsonNode> items = array(body, "tools");
        List<ToolDefinition> tools = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode t = items.get(i);
            if (!"function".equals(t.path("type").asText())) {
                throw new UnsupportedFieldException("tools[" + i + "].type", "'" + t.path("type").asText() + "' has no equivalent for this model");
            }
            JsonNode fn = t.path("function");
            if (fn.hasNonNull("strict") && !dropped.contains("tools[].function.strict")) dropped.add("tools[].function.strict");
            tools.add(new ToolDefinition(requiredText(fn, "name", "tools[" + i + "].function.name"),
                    text(fn, "description"), fn.hasNonNull("parameters") ? fn.get("parameters") : null));
        }
        return tools;
    }

    static ToolChoice toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) return null;
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> new ToolChoice.Auto();
                case "none" -> new ToolChoice.None();
                case "required" -> new ToolChoice.Required();
                default -> throw new MalformedJsonException("'tool_choice' must be auto, none, required or a function");
            };
        }
        String name = choice.path("function").path("name").asText("");
        if (name.isEmpty()) throw new UnsupportedFieldException("tool_choice", "must be auto, none, required or {type:function}");
        return new ToolChoice.Named(name);
    }

    static ResponseFormat responseFormat(JsonNode format) {
        if (format == null || format.isNull()) return null;
        return switch (format.path("type").asText("")) {
            case "text" -> new ResponseFormat.Text();
            case "json_object" -> new ResponseFormat.JsonObject();
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema");
                yield new ResponseFormat.JsonSchema(text(schema, "name"), schema.get("schema"), bool(schema, "strict"));
            }
            default -> throw new UnsupportedFieldException("response_format.type", "'" + format.path("type").asText()
                    + "' has no equivalent for this model");
        };
    }

    private static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) return List.of();
        if (stop.isTextual()) return List.of(stop.asText());
        if (!stop.isArray()) throw new MalformedJsonException("'stop' must be a string or an array of strings");
        List<String> out = new ArrayList<>();
        stop.forEach(s -> out.add(s.asText()));
        return out;
    }
}
