package dev.anyrouter.protocol.anthropic;

import static dev.anyrouter.protocol.JsonFields.array;
import static dev.anyrouter.protocol.JsonFields.bool;
import static dev.anyrouter.protocol.JsonFields.decimal;
import static dev.anyrouter.protocol.JsonFields.integer;
import static dev.anyrouter.protocol.JsonFields.names;
import static dev.anyrouter.protocol.JsonFields.requiredText;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Decodes an Anthropic Messages request into the neutral model. */
final class AnthropicRequestDecoder {
    private static final Set<String> KNOWN = Set.of("model", "messages", "system", "max_tokens", "tools", "tool_choice",
            "temperature", "top_p", "top_k", "stop_sequences", "stream", "metadata", "thinking", "output_config",
            "output_format", "container", "mcp_servers", "context_management");

    private AnthropicRequestDecoder() {}

    static ModelRequest decode(JsonNode body) {
        if (!body.isObject()) throw new MalformedJsonException("the request body must be a JSON object");
        List<String> dropped = new ArrayList<>();
        for (String field : List.of("container", "mcp_servers", "context_management")) {
            if (JsonFields.present(body, field)) throw new UnsupportedFieldException(field, "has no equivalent for this model");
        }
        // service_tier, inference_geo and the like only steer Anthropic's own serving.
        for (String name : names(body)) {
            if (!KNOWN.contains(name) && !body.get(name).isNull()) dropped.add(name);
        }
        if (body.path("output_config").hasNonNull("effort")) dropped.add("output_config.effort");
        Integer maxTokens = integer(body, "max_tokens");
        if (maxTokens == null) throw new MalformedJsonException("'max_tokens' is required");
        List<Part.Text> system = system(body.get("system"), dropped);
        List<JsonNode> items = array(body, "messages");
        List<Message> messages = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode m = items.get(i);
            String where = "messages[" + i + "]";
            Role role = switch (requiredText(m, "role", where + ".role")) {
                case "user" -> Role.USER;
                case "assistant" -> Role.ASSISTANT;
                default -> throw new MalformedJsonException("'" + where + ".role' must be user or assistant");
            };
            messages.add(new Message(role, content(m.get("content"), where, dropped)));
        }
        JsonNode choice = body.get("tool_choice");
        Boolean parallel = choice != null && choice.path("disable_parallel_tool_use").asBoolean(false) ? Boolean.FALSE : null;
        String user = body.path("metadata").path("user_id").isTextual() ? body.path("metadata").get("user_id").asText() : null;
        Boolean stream = bool(body, "stream");
        return new ModelRequest(text(body, "model"), system, messages, tools(body, dropped), toolChoice(choice), parallel,
                responseFormat(body),
                new Sampling(decimal(body, "temperature"), decimal(body, "top_p"), integer(body, "top_k"), null, null, null),
                stopSequences(body), maxTokens, reasoning(body.get("thinking")), user, stream != null && stream, dropped);
    }

    private static List<Part.Text> system(JsonNode system, List<String> dropped) {
        if (system == null || system.isNull()) return List.of();
        if (system.isTextual()) return List.of(new Part.Text(system.asText()));
        if (!system.isArray()) throw new MalformedJsonException("'system' must be a string or an array of text blocks");
        List<Part.Text> parts = new ArrayList<>();
        for (JsonNode block : system) {
            if (!block.isObject()) throw new MalformedJsonException("'system' must be a string or an array of text blocks");
            noteCacheControl(block, dropped);
            if (!"text".equals(block.path("type").asText())) {
                throw new UnsupportedFieldException("system", "may hold only text blocks for this model");
            }
            parts.add(new Part.Text(block.path("text").asText("")));
        }
        return parts;
    }

    private static List<Part> content(JsonNode content, String where, List<String> dropped) {
        if (content == null || content.isNull()) throw new MalformedJsonException("'" + where + ".content' is required");
        if (content.isTextual()) return List.of(new Part.Text(content.asText()));
        if (!content.isArray()) throw new MalformedJsonException("'" + where + ".content' must be a string or an array of content blocks");
        List<Part> parts = new ArrayList<>();
        for (int k = 0; k < content.size(); k++) parts.add(block(content.get(k), where + ".content[" + k + "]", dropped));
        return parts;
    }

    private static Part block(JsonNode block, String where, List<String> dropped) {
        if (!block.isObject()) throw new MalformedJsonException("'" + where + "' must be a content block (an object)");
        noteCacheControl(block, dropped);
        String type = block.path("type").asText("");
        return switch (type) {
            case "text" -> {
                if (block.hasNonNull("citations") && !dropped.contains("citations")) dropped.add("citations");
                yield new Part.Text(block.path("text").asText(""));
            }
            case "image" -> new Part.Image(image(block.path("source"), where));
            case "tool_use" -> new Part.ToolCall(requiredText(block, "id", where + ".id"), requiredText(block, "name", where + ".name"),
                    JsonFields.compact(block.has("input") ? block.get("input") : dev.anyrouter.protocol.Json.object()));
            case "tool_result" -> {
                JsonNode c = block.get("content");
                List<Part> inner = new ArrayList<>();
                if (c != null && c.isTextual()) inner.add(new Part.Text(c.asText()));
                else if (c != null && c.isArray()) {
                    for (int k = 0; k < c.size(); k++) {
                        Part p = block(c.get(k), where + ".content[" + k + "]", dropped);
                        if (!(p instanceof Part.Text) && !(p instanceof Part.Image)) {
                            throw new UnsupportedFieldException(where + ".content[" + k + "]", "a tool result may hold only text and images");
                        }
                        inner.add(p);
                    }
                }
                yield new Part.ToolResult(requiredText(block, "tool_use_id", where + ".tool_use_id"), inner,
                        block.path("is_error").asBoolean(false));
            }
            case "thinking" -> new Part.Thinking(block.path("thinking").asText(""), text(block, "signature"));
            case "redacted_thinking" -> new Part.RedactedThinking(block.path("data").asText(""));
            default -> throw new UnsupportedFieldException(where + ".type", "'" + type + "' blocks have no equivalent for this model");
        };
    }

    private static ImageSource image(JsonNode source, String where) {
        return switch (source.path("type").asText("")) {
            case "base64" -> new ImageSource.Base64(requiredText(source, "media_type", where + ".source.media_type"),
                    requiredText(source, "data", where + ".source.data"));
            case "url" -> new ImageSource.Url(requiredText(source, "url", where + ".source.url"));
            default -> throw new UnsupportedFieldException(where + ".source.type", "'" + source.path("type").asText()
                    + "' images have no equivalent for this model: send base64 data or a URL");
        };
    }

    /** Prompt-cache breakpoints steer Anthropic's cache only; other wires cache on their own. */
    private static void noteCacheControl(JsonNode block, List<String> dropped) {
        if (block.hasNonNull("cache_control") && !dropped.contains("cache_control")) dropped.add("cache_control");
    }

    private static List<ToolDefinition> tools(JsonNode body, List<String> dropped) {
        List<JsonNode> items = array(body, "tools");
        List<ToolDefinition> tools = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode t = items.get(i);
            String type = t.path("type").asText("custom");
            if (!type.equals("custom")) {
                throw new UnsupportedFieldException("tools[" + i + "]", "is Anthropic's server tool '" + type
                        + "', which has no equivalent for this model");
            }
            noteCacheControl(t, dropped);
            if (t.hasNonNull("strict") && !dropped.contains("tools[].strict")) dropped.add("tools[].strict");
            tools.add(new ToolDefinition(requiredText(t, "name", "tools[" + i + "].name"), text(t, "description"),
                    t.get("input_schema")));
        }
        return tools;
    }

    private static ToolChoice toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) return null;
        return switch (choice.path("type").asText("")) {
            case "auto" -> new ToolChoice.Auto();
            case "none" -> new ToolChoice.None();
            case "any" -> new ToolChoice.Required();
            case "tool" -> new ToolChoice.Named(requiredText(choice, "name", "tool_choice.name"));
            default -> throw new MalformedJsonException("'tool_choice.type' must be auto, any, tool or none");
        };
    }

    private static ResponseFormat responseFormat(JsonNode body) {
        JsonNode format = body.path("output_config").get("format");
        if (format == null || format.isNull()) format = body.get("output_format");
        if (format == null || format.isNull()) return null;
        if (!"json_schema".equals(format.path("type").asText())) {
            throw new UnsupportedFieldException("output_config.format.type", "'" + format.path("type").asText() + "' is unknown");
        }
        return new ResponseFormat.JsonSchema(null, format.get("schema"), null);
    }

    private static Reasoning reasoning(JsonNode thinking) {
        if (thinking == null || thinking.isNull()) return null;
        return switch (thinking.path("type").asText("")) {
            case "enabled" -> new Reasoning(integer(thinking, "budget_tokens"), null, true);
            case "adaptive" -> new Reasoning(null, null, true);
            case "disabled" -> Reasoning.OFF;
            default -> throw new UnsupportedFieldException("thinking.type", "'" + thinking.path("type").asText() + "' is unknown");
        };
    }

    private static List<String> stopSequences(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : array(body, "stop_sequences")) out.add(s.asText());
        return out;
    }
}
