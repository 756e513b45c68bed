package dev.anyrouter.protocol.openai;

import static dev.anyrouter.protocol.JsonFields.putIfNotNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.EncodedRequest;
import dev.anyrouter.protocol.ImageSource;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.JsonFields;
import dev.anyrouter.protocol.Message;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.Part;
import dev.anyrouter.protocol.ResponseFormat;
import dev.anyrouter.protocol.Role;
import dev.anyrouter.protocol.Sampling;
import dev.anyrouter.protocol.ToolChoice;
import dev.anyrouter.protocol.ToolDefinition;
import dev.anyrouter.protocol.UnsupportedFieldException;
import java.util.ArrayList;
import java.util.List;

/** Encodes a neutral request as an OpenAI Chat Completions body. */
final class OpenAiRequestEncoder {
    private OpenAiRequestEncoder() {}

    static EncodedRequest encode(ModelRequest request, OpenAiDialect dialect) {
        List<String> dropped = new ArrayList<>();
        ObjectNode body = Json.object();
        body.put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        for (Part.Text system : request.system()) messages.addObject().put("role", "system").put("content", system.text());
        for (int i = 0; i < request.messages().size(); i++) {
            encodeMessage(request.messages().get(i), i, messages, dropped);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", tool.name());
                putIfNotNull(fn, "description", tool.description());
                putIfNotNull(fn, "parameters", tool.parameters());
            }
        }
        if (request.toolChoice() != null) {
            switch (request.toolChoice()) {
                case ToolChoice.Auto a -> body.put("tool_choice", "auto");
                case ToolChoice.None n -> body.put("tool_choice", "none");
                case ToolChoice.Required r -> body.put("tool_choice", "required");
                case ToolChoice.Named named -> body.putObject("tool_choice").put("type", "function")
                        .putObject("function").put("name", named.name());
            }
        }
        putIfNotNull(body, "parallel_tool_calls", request.parallelToolCalls());
        if (request.responseFormat() != null) body.set("response_format", responseFormat(request.responseFormat()));
        Sampling s = request.sampling();
        if (s.topK() != null) throw new UnsupportedFieldException("top_k", "has no equivalent for this model (OpenAI wire)");
        putIfNotNull(body, "temperature", s.temperature());
        putIfNotNull(body, "top_p", s.topP());
        putIfNotNull(body, "frequency_penalty", s.frequencyPenalty());
        putIfNotNull(body, "presence_penalty", s.presencePenalty());
        putIfNotNull(body, "seed", s.seed());
        if (!request.stop().isEmpty()) body.set("stop", JsonFields.strings(request.stop()));
        putIfNotNull(body, dialect.encodedMaxTokensField(), request.maxTokens());
        if (request.reasoning() != null && request.reasoning().enabled()) {
            body.put("reasoning_effort", request.reasoning().effortOr("medium"));
        }
        putIfNotNull(body, "user", request.user());
        if (request.stream()) {
            body.put("stream", true);
            if (dialect.streamUsage()) body.putObject("stream_options").put("include_usage", true);
        }
        dialect.apply(body, dropped);
        return new EncodedRequest(body, dropped);
    }

    private static void encodeMessage(Message message, int index, ArrayNode out, List<String> dropped) {
        if (message.role() == Role.USER) {
            List<Part> rest = new ArrayList<>();
            for (Part part : message.parts()) {
                if (part instanceof Part.ToolResult result) {
                    if (result.isError() && !dropped.contains("is_error")) dropped.add("is_error");
                    ObjectNode tool = out.addObject().put("role", "tool").put("tool_call_id", result.callId());
                    tool.set("content", toolResultContent(result, index));
                } else {
                    rest.add(part);
                }
            }
            if (!rest.isEmpty() || message.parts().isEmpty()) {
                ObjectNode user = out.addObject().put("role", "user");
                user.set("content", content(rest, index));
            }
            return;
        }
        ObjectNode assistant = out.addObject().put("role", "assistant");
        StringBuilder text = new StringBuilder();
        ArrayNode calls = null;
        for (Part part : message.parts()) {
            switch (part) {
                case Part.Text t -> text.append(t.text());
                case Part.ToolCall call -> {
                    if (calls == null) calls = Json.MAPPER.createArrayNode();
                    ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
                    c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                }
                // Earlier reasoning is context the OpenAI wire cannot take back; dropping it is what
                // OpenAI-compatible upstreams ask for.
                case Part.Thinking th -> addOnce(dropped, "thinking");
                case Part.RedactedThinking r -> addOnce(dropped, "thinking");
                case Part.Image img -> throw new UnsupportedFieldException("messages[" + index + "].content",
                        "holds an image in an assistant turn, which this model (OpenAI wire) cannot take");
                case Part.ToolResult r -> throw new UnsupportedFieldException("messages[" + index + "].content",
                        "holds a tool result in an assistant turn");
            }
        }
        if (text.isEmpty() && calls != null) assistant.putNull("content");
        else assistant.put("content", text.toString());
        if (calls != null) assistant.set("tool_calls", calls);
    }

    private static com.fasterxml.jackson.databind.JsonNode content(List<Part> parts, int index) {
        if (parts.size() == 1 && parts.getFirst() instanceof Part.Text t) return Json.MAPPER.getNodeFactory().textNode(t.text());
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Part part : parts) {
            switch (part) {
                case Part.Text t -> array.addObject().put("type", "text").put("text", t.text());
                case Part.Image image -> array.addObject().put("type", "image_url").putObject("image_url")
                        .put("url", imageUrl(image.source()));
                default -> throw new UnsupportedFieldException("messages[" + index + "].content",
                        "holds a " + part.getClass().getSimpleName() + " in a user turn, which this model (OpenAI wire) cannot take");
            }
        }
        return array;
    }

    private static com.fasterxml.jackson.databind.JsonNode toolResultContent(Part.ToolResult result, int index) {
        for (Part p : result.content()) {
            if (!(p instanceof Part.Text)) {
                throw new UnsupportedFieldException("messages[" + index + "].content.tool_result",
                        "holds an image, which tool results on the OpenAI wire cannot carry");
            }
        }
        if (result.content().size() == 1) return Json.MAPPER.getNodeFactory().textNode(((Part.Text) result.content().getFirst()).text());
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Part p : result.content()) array.addObject().put("type", "text").put("text", ((Part.Text) p).text());
        return array;
    }

    static String imageUrl(ImageSource source) {
        return switch (source) {
            case ImageSource.Url url -> url.url();
            case ImageSource.Base64 b -> "data:" + b.mediaType() + ";base64," + b.data();
        };
    }

    private static ObjectNode responseFormat(ResponseFormat format) {
        ObjectNode node = Json.object();
        switch (format) {
            case ResponseFormat.Text t -> node.put("type", "text");
            case ResponseFormat.JsonObject j -> node.put("type", "json_object");
            case ResponseFormat.JsonSchema js -> {
                node.put("type", "json_schema");
                ObjectNode schema = node.putObject("json_schema");
                schema.put("name", js.name() == null ? "response" : js.name());
                putIfNotNull(schema, "schema", js.schema());
                putIfNotNull(schema, "strict", js.strict());
            }
        }
        return node;
    }

    private static void addOnce(List<String> list, String value) {
        if (!list.contains(value)) list.add(value);
    }
}
