package dev.anyrouter.protocol.gemini;

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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Encodes a neutral request as a Gemini {@code generateContent} body. The model and the choice of
 * streaming live in the URL, not the body. Tool schemas go in {@code parametersJsonSchema}, which
 * takes JSON Schema as OpenAI and Anthropic clients write it.
 */
final class GeminiRequestEncoder {
    private GeminiRequestEncoder() {}

    static EncodedRequest encode(ModelRequest request) {
        List<String> dropped = new ArrayList<>();
        ObjectNode body = Json.object();
        Map<String, String> callNames = new HashMap<>();
        ArrayNode contents = body.putArray("contents");
        ObjectNode previous = null;
        for (int i = 0; i < request.messages().size(); i++) {
            Message message = request.messages().get(i);
            String role = message.role() == Role.USER ? "user" : "model";
            ArrayNode parts;
            if (previous != null && previous.path("role").asText().equals(role)) {
                parts = (ArrayNode) previous.get("parts");
            } else {
                previous = contents.addObject().put("role", role);
                parts = previous.putArray("parts");
            }
            for (Part part : message.parts()) {
                ObjectNode p = part(part, i, callNames, dropped);
                if (p != null) parts.add(p);
            }
        }
        if (!request.system().isEmpty()) {
            ArrayNode parts = body.putObject("systemInstruction").putArray("parts");
            for (Part.Text t : request.system()) parts.addObject().put("text", t.text());
        }
        if (!request.tools().isEmpty()) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode d = declarations.addObject().put("name", tool.name());
                putIfNotNull(d, "description", tool.description());
                putIfNotNull(d, "parametersJsonSchema", tool.parameters());
            }
        }
        if (Boolean.FALSE.equals(request.parallelToolCalls())) {
            throw new UnsupportedFieldException("parallel_tool_calls", "cannot be turned off for this model (Gemini wire)");
        }
        if (request.toolChoice() != null) {
            ObjectNode config = body.putObject("toolConfig").putObject("functionCallingConfig");
            switch (request.toolChoice()) {
                case ToolChoice.Auto a -> config.put("mode", "AUTO");
                case ToolChoice.None n -> config.put("mode", "NONE");
                case ToolChoice.Required r -> config.put("mode", "ANY");
                case ToolChoice.Named named -> {
                    config.put("mode", "ANY");
                    config.putArray("allowedFunctionNames").add(named.name());
                }
            }
        }
        ObjectNode generation = generationConfig(request);
        if (!generation.isEmpty()) body.set("generationConfig", generation);
        if (request.user() != null) dropped.add("user");
        return new EncodedRequest(body, dropped);
    }

    private static ObjectNode generationConfig(ModelRequest request) {
        ObjectNode g = Json.object();
        Sampling s = request.sampling();
        putIfNotNull(g, "temperature", s.temperature());
        putIfNotNull(g, "topP", s.topP());
        putIfNotNull(g, "topK", s.topK());
        putIfNotNull(g, "presencePenalty", s.presencePenalty());
        putIfNotNull(g, "frequencyPenalty", s.frequencyPenalty());
        if (s.seed() != null) g.put("seed", s.seed().intValue());
        putIfNotNull(g, "maxOutputTokens", request.maxTokens());
        if (!request.stop().isEmpty()) g.set("stopSequences", JsonFields.strings(request.stop()));
        if (request.responseFormat() != null) {
            switch (request.responseFormat()) {
                case ResponseFormat.Text t -> g.put("responseMimeType", "text/plain");
                case ResponseFormat.JsonObject j -> g.put("responseMimeType", "application/json");
                case ResponseFormat.JsonSchema js -> {
                    g.put("responseMimeType", "application/json");
                    putIfNotNull(g, "responseJsonSchema", js.schema());
                }
            }
        }
        if (request.reasoning() != null) {
            ObjectNode thinking = g.putObject("thinkingConfig");
            if (request.reasoning().enabled()) {
                // -1 lets the model choose its budget, the closest to "think" without a number.
                thinking.put("thinkingBudget", request.reasoning().budgetOr(-1));
                thinking.put("includeThoughts", true);
            } else {
                thinking.put("thinkingBudget", 0);
            }
        }
        return g;
    }

    private static ObjectNode part(Part part, int index, Map<String, String> callNames, List<String> dropped) {
        return switch (part) {
            case Part.Text t -> Json.object().put("text", t.text());
            case Part.Image image -> image(image.source());
            case Part.ToolCall call -> {
                callNames.put(call.id(), call.name());
                ObjectNode p = Json.object();
                ObjectNode fc = p.putObject("functionCall").put("id", call.id()).put("name", call.name());
                fc.set("args", JsonFields.argumentsObject(call.arguments(), "messages[" + index + "].tool_calls.arguments"));
                yield p;
            }
            case Part.ToolResult result -> {
                String name = callNames.get(result.callId());
                if (name == null) {
                    throw new UnsupportedFieldException("messages[" + index + "].tool_result", "answers call '" + result.callId()
                            + "', which no earlier assistant turn made: this model (Gemini wire) needs the call's function name");
                }
                StringBuilder text = new StringBuilder();
                for (Part p : result.content()) {
                    if (!(p instanceof Part.Text t)) {
                        throw new UnsupportedFieldException("messages[" + index + "].tool_result",
                                "holds an image, which tool results on the Gemini wire cannot carry");
                    }
                    text.append(t.text());
                }
                ObjectNode p = Json.object();
                ObjectNode fr = p.putObject("functionResponse").put("id", result.callId()).put("name", name);
                // Gemini reads "output" as the function's result and "error" as its failure.
                fr.putObject("response").put(result.isError() ? "error" : "output", text.toString());
                yield p;
            }
            case Part.Thinking th -> {
                if (!dropped.contains("thinking")) dropped.add("thinking");
                yield null;
            }
            case Part.RedactedThinking r -> {
                if (!dropped.contains("thinking")) dropped.add("thinking");
                yield null;
            }
        };
    }

    static ObjectNode image(ImageSource source) {
        ObjectNode p = Json.object();
        switch (source) {
            case ImageSource.Base64 b -> p.putObject("inlineData").put("mimeType", b.mediaType()).put("data", b.data());
            case ImageSource.Url url -> {
                ObjectNode file = p.putObject("fileData");
                String mime = mimeTypeOf(url.url());
                if (mime != null) file.put("mimeType", mime);
                file.put("fileUri", url.url());
            }
        }
        return p;
    }

    /** The image type a URL's extension names, or null. */
    static String mimeTypeOf(String url) {
        String path = url.toLowerCase(Locale.ROOT);
        int query = path.indexOf('?');
        if (query >= 0) path = path.substring(0, query);
        if (path.endsWith(".png")) return "image/png";
        if (path.endsWith(".jpg") || path.endsWith(".jpeg")) return "image/jpeg";
        if (path.endsWith(".webp")) return "image/webp";
        if (path.endsWith(".gif")) return "image/gif";
        if (path.endsWith(".heic")) return "image/heic";
        return null;
    }
}
