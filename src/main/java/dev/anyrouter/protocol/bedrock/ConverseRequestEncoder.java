package dev.anyrouter.protocol.bedrock;

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
import java.util.Locale;

/**
 * Encodes a neutral request as a Converse body: {@code system} and {@code messages} of content
 * blocks ({@code text}, {@code image}, {@code toolUse}, {@code toolResult}, {@code reasoningContent}),
 * {@code inferenceConfig} (max tokens, temperature, top p, stop sequences) and {@code toolConfig}.
 * What Converse has no field for goes in {@code additionalModelRequestFields} where the model family
 * takes it (Claude's thinking and {@code top_k}), and is refused or dropped as a hint otherwise.
 */
final class ConverseRequestEncoder {
    private static final int MIN_THINKING_BUDGET = 1024;
    private static final int DEFAULT_MAX_TOKENS = 4096;

    private ConverseRequestEncoder() {}

    static EncodedRequest encode(ModelRequest request) {
        List<String> dropped = new ArrayList<>();
        ObjectNode body = Json.object();
        boolean claude = request.model() != null && request.model().toLowerCase(Locale.ROOT).contains("anthropic.claude");
        if (!request.system().isEmpty()) {
            ArrayNode system = body.putArray("system");
            for (Part.Text t : request.system()) system.addObject().put("text", t.text());
        }
        AlternatingTurns turns = new AlternatingTurns(body.putArray("messages"));
        boolean toolBlocks = false;
        for (int i = 0; i < request.messages().size(); i++) {
            Message message = request.messages().get(i);
            String role = message.role() == Role.USER ? "user" : "assistant";
            ArrayNode content = turns.content(role);
            for (Part part : message.parts()) {
                toolBlocks |= part instanceof Part.ToolCall || part instanceof Part.ToolResult;
                ObjectNode block = block(part, i, dropped);
                if (block != null) content.add(block);
            }
        }
        tools(request, toolBlocks, body, dropped);
        ObjectNode config = Json.object();
        Sampling s = request.sampling();
        Integer maxTokens = request.maxTokens();
        boolean thinking = claude && request.reasoning() != null && request.reasoning().enabled();
        if (maxTokens == null && thinking) maxTokens = DEFAULT_MAX_TOKENS;
        JsonFields.putIfNotNull(config, "maxTokens", maxTokens);
        JsonFields.putIfNotNull(config, "temperature", s.temperature());
        JsonFields.putIfNotNull(config, "topP", s.topP());
        if (!request.stop().isEmpty()) config.set("stopSequences", JsonFields.strings(request.stop()));
        if (!config.isEmpty()) body.set("inferenceConfig", config);
        ObjectNode extra = Json.object();
        if (s.topK() != null) {
            if (!claude) throw new UnsupportedFieldException("top_k", "has no equivalent for this model on Bedrock's Converse");
            extra.put("top_k", s.topK());
        }
        if (s.frequencyPenalty() != null) throw new UnsupportedFieldException("frequency_penalty", "has no equivalent on Bedrock's Converse");
        if (s.presencePenalty() != null) throw new UnsupportedFieldException("presence_penalty", "has no equivalent on Bedrock's Converse");
        if (s.seed() != null) dropped.add("seed");
        if (request.user() != null) dropped.add("user");
        if (request.reasoning() != null) reasoning(request.reasoning(), claude, maxTokens, extra, dropped);
        if (!extra.isEmpty()) body.set("additionalModelRequestFields", extra);
        responseFormat(request.responseFormat());
        return new EncodedRequest(body, dropped);
    }

    private static void tools(ModelRequest request, boolean toolBlocks, ObjectNode body, List<String> dropped) {
        if (request.tools().isEmpty()) {
            if (request.toolChoice() instanceof ToolChoice.Required || request.toolChoice() instanceof ToolChoice.Named) {
                throw new UnsupportedFieldException("tool_choice", "names a tool, but the request defines none");
            }
            return;
        }
        boolean none = request.toolChoice() instanceof ToolChoice.None;
        // Converse has no "none": without earlier tool turns the tools are left out; with them
        // Converse requires the definitions, so they stay and the choice is a dropped hint.
        if (none && !toolBlocks) return;
        ObjectNode toolConfig = body.putObject("toolConfig");
        ArrayNode tools = toolConfig.putArray("tools");
        for (ToolDefinition tool : request.tools()) {
            ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", tool.name());
            JsonFields.putIfNotNull(spec, "description", tool.description());
            spec.putObject("inputSchema").set("json", tool.parameters() != null ? tool.parameters()
                    : Json.object().put("type", "object").set("properties", Json.object()));
        }
        if (none) {
            dropped.add("tool_choice");
            return;
        }
        switch (request.toolChoice()) {
            case null -> { }
            case ToolChoice.Auto a -> toolConfig.putObject("toolChoice").putObject("auto");
            case ToolChoice.Required r -> toolConfig.putObject("toolChoice").putObject("any");
            case ToolChoice.Named n -> toolConfig.putObject("toolChoice").putObject("tool").put("name", n.name());
            case ToolChoice.None n -> { }
        }
        if (Boolean.FALSE.equals(request.parallelToolCalls())) dropped.add("parallel_tool_calls");
    }

    private static ObjectNode block(Part part, int index, List<String> dropped) {
        return switch (part) {
            case Part.Text t -> t.text().isEmpty() ? null : Json.object().put("text", t.text());
            case Part.Image image -> image(image.source(), "messages[" + index + "]");
            case Part.ToolCall call -> {
                ObjectNode use = Json.object();
                use.putObject("toolUse").put("toolUseId", call.id()).put("name", call.name())
                        .set("input", JsonFields.argumentsObject(call.arguments(), "messages[" + index + "].tool_calls.arguments"));
                yield use;
            }
            case Part.ToolResult result -> {
                ObjectNode out = Json.object();
                ObjectNode r = out.putObject("toolResult").put("toolUseId", result.callId());
                ArrayNode content = r.putArray("content");
                for (Part p : result.content()) {
                    ObjectNode inner = block(p, index, dropped);
                    if (inner != null) content.add(inner);
                }
                if (content.isEmpty()) content.addObject().put("text", "");
                if (result.isError()) r.put("status", "error");
                yield out;
            }
            case Part.Thinking th -> {
                // Earlier reasoning goes back only with the signature the model issued.
                if (th.signature() == null) {
                    if (!dropped.contains("thinking")) dropped.add("thinking");
                    yield null;
                }
                ObjectNode out = Json.object();
                out.putObject("reasoningContent").putObject("reasoningText").put("text", th.text()).put("signature", th.signature());
                yield out;
            }
            case Part.RedactedThinking r -> {
                ObjectNode out = Json.object();
                out.putObject("reasoningContent").put("redactedContent", r.data());
                yield out;
            }
        };
    }

    private static ObjectNode image(ImageSource source, String where) {
        return switch (source) {
            case ImageSource.Url url -> throw new UnsupportedFieldException(where + ".image_url",
                    "must be inline (a data: URL) for Bedrock's Converse, which fetches no image URLs");
            case ImageSource.Base64 b -> {
                String format = b.mediaType().toLowerCase(Locale.ROOT).replace("image/", "").replace("jpg", "jpeg");
                if (!List.of("png", "jpeg", "gif", "webp").contains(format)) {
                    throw new UnsupportedFieldException(where + ".image_url", "must be a PNG, JPEG, GIF or WebP image for Bedrock's Converse");
                }
                ObjectNode out = Json.object();
                out.putObject("image").put("format", format).putObject("source").put("bytes", b.data());
                yield out;
            }
        };
    }

    private static void reasoning(Reasoning reasoning, boolean claude, Integer maxTokens, ObjectNode extra, List<String> dropped) {
        if (!claude) {
            dropped.add("reasoning");
            return;
        }
        if (!reasoning.enabled()) return;
        int limit = maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens;
        int budget = Math.min(Math.max(MIN_THINKING_BUDGET, reasoning.budgetOr(8192)), limit - 1);
        if (budget < MIN_THINKING_BUDGET) {
            throw new UnsupportedFieldException("max_tokens", "must be above " + MIN_THINKING_BUDGET + " for this model to reason");
        }
        extra.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
    }

    private static void responseFormat(ResponseFormat format) {
        if (format == null || format instanceof ResponseFormat.Text) return;
        throw new UnsupportedFieldException("response_format", "has no equivalent on Bedrock's Converse: describe the JSON in the"
                + " prompt, or define a tool whose parameters are the schema");
    }
}
