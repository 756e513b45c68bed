package dev.anyrouter.protocol.anthropic;

import static dev.anyrouter.protocol.JsonFields.putIfNotNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.AlternatingTurns;
import dev.anyrouter.protocol.EncodedRequest;
import dev.anyrouter.protocol.ImageSource;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.JsonFields;
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

/**
 * Encodes a neutral request as an Anthropic Messages body (for {@code anthropic-version:
 * 2023-06-01}). It never adds a {@code cache_control} breakpoint: the API allows four, and a
 * client that set its own would lose one.
 */
final class AnthropicRequestEncoder {
    /** Anthropic requires {@code max_tokens}; OpenAI clients often leave it out. */
    static final int DEFAULT_MAX_TOKENS = 4096;
    private static final int MIN_THINKING_BUDGET = 1024;

    private AnthropicRequestEncoder() {}

    static EncodedRequest encode(ModelRequest request) {
        List<String> dropped = new ArrayList<>();
        ObjectNode body = Json.object();
        body.put("model", request.model());
        int maxTokens = request.maxTokens() != null ? request.maxTokens() : DEFAULT_MAX_TOKENS;
        if (!request.system().isEmpty()) {
            ArrayNode system = body.putArray("system");
            for (Part.Text t : request.system()) system.addObject().put("type", "text").put("text", t.text());
        }
        AlternatingTurns turns = new AlternatingTurns(body.putArray("messages"));
        for (int i = 0; i < request.messages().size(); i++) {
            Message message = request.messages().get(i);
            String role = message.role() == Role.USER ? "user" : "assistant";
            ArrayNode content = turns.content(role);
            for (Part part : message.parts()) {
                ObjectNode block = block(part, i, dropped);
                if (block != null) content.add(block);
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode t = tools.addObject().put("name", tool.name());
                putIfNotNull(t, "description", tool.description());
                t.set("input_schema", tool.parameters() != null ? tool.parameters()
                        : Json.object().put("type", "object").set("properties", Json.object()));
            }
        }
        ObjectNode choice = toolChoice(request.toolChoice());
        if (Boolean.FALSE.equals(request.parallelToolCalls())) {
            if (choice == null) choice = Json.object().put("type", "auto");
            choice.put("disable_parallel_tool_use", true);
        }
        if (choice != null) body.set("tool_choice", choice);
        if (request.responseFormat() != null) responseFormat(request.responseFormat(), body);
        Sampling s = request.sampling();
        if (s.frequencyPenalty() != null) throw new UnsupportedFieldException("frequency_penalty", "has no equivalent for this model (Anthropic wire)");
        if (s.presencePenalty() != null) throw new UnsupportedFieldException("presence_penalty", "has no equivalent for this model (Anthropic wire)");
        if (s.seed() != null) dropped.add("seed");
        putIfNotNull(body, "temperature", s.temperature());
        putIfNotNull(body, "top_p", s.topP());
        putIfNotNull(body, "top_k", s.topK());
        if (!request.stop().isEmpty()) body.set("stop_sequences", JsonFields.strings(request.stop()));
        body.put("max_tokens", maxTokens);
        if (request.reasoning() != null) thinking(request.reasoning(), maxTokens, body);
        if (request.user() != null) body.putObject("metadata").put("user_id", request.user());
        if (request.stream()) body.put("stream", true);
        return new EncodedRequest(body, dropped);
    }

    private static ObjectNode block(Part part, int index, List<String> dropped) {
        return switch (part) {
            case Part.Text t -> Json.object().put("type", "text").put("text", t.text());
            case Part.Image image -> image(image.source());
            case Part.ToolCall call -> {
                ObjectNode b = Json.object().put("type", "tool_use").put("id", call.id()).put("name", call.name());
                b.set("input", JsonFields.argumentsObject(call.arguments(), "messages[" + index + "].tool_calls.arguments"));
                yield b;
            }
            case Part.ToolResult result -> {
                ObjectNode b = Json.object().put("type", "tool_result").put("tool_use_id", result.callId());
                ArrayNode inner = b.putArray("content");
                for (Part p : result.content()) inner.add(block(p, index, dropped));
                if (result.isError()) b.put("is_error", true);
                yield b;
            }
            case Part.Thinking th -> {
                // Anthropic accepts earlier thinking only with the signature it issued.
                if (th.signature() == null) {
                    if (!dropped.contains("thinking")) dropped.add("thinking");
                    yield null;
                }
                yield Json.object().put("type", "thinking").put("thinking", th.text()).put("signature", th.signature());
            }
            case Part.RedactedThinking r -> Json.object().put("type", "redacted_thinking").put("data", r.data());
        };
    }

    static ObjectNode image(ImageSource source) {
        ObjectNode block = Json.object().put("type", "image");
        ObjectNode s = block.putObject("source");
        switch (source) {
            case ImageSource.Url url -> s.put("type", "url").put("url", url.url());
            case ImageSource.Base64 b -> s.put("type", "base64").put("media_type", b.mediaType()).put("data", b.data());
        }
        return block;
    }

    private static ObjectNode toolChoice(ToolChoice choice) {
        if (choice == null) return null;
        return switch (choice) {
            case ToolChoice.Auto a -> Json.object().put("type", "auto");
            case ToolChoice.None n -> Json.object().put("type", "none");
            case ToolChoice.Required r -> Json.object().put("type", "any");
            case ToolChoice.Named named -> Json.object().put("type", "tool").put("name", named.name());
        };
    }

    private static void responseFormat(ResponseFormat format, ObjectNode body) {
        switch (format) {
            case ResponseFormat.Text t -> { }
            case ResponseFormat.JsonObject j -> throw new UnsupportedFieldException("response_format",
                    "'json_object' has no equivalent for this model (Anthropic wire): use a json_schema response format");
            case ResponseFormat.JsonSchema js -> {
                if (js.schema() == null) throw new UnsupportedFieldException("response_format.json_schema.schema", "is required for this model");
                body.putObject("output_config").putObject("format").put("type", "json_schema").set("schema", js.schema());
            }
        }
    }

    private static void thinking(Reasoning reasoning, int maxTokens, ObjectNode body) {
        if (!reasoning.enabled()) {
            body.putObject("thinking").put("type", "disabled");
            return;
        }
        // The budget must be at least 1024 and below max_tokens.
        int budget = Math.min(Math.max(MIN_THINKING_BUDGET, reasoning.budgetOr(8192)), maxTokens - 1);
        if (budget < MIN_THINKING_BUDGET) {
            throw new UnsupportedFieldException("max_tokens", "must be above " + MIN_THINKING_BUDGET
                    + " for this model to reason (Anthropic's smallest thinking budget)");
        }
        body.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
    }
}
