package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a {@code generateContent} body as Google's API does: proto JSON, which takes each field
 * in lowerCamelCase or snake_case and rejects any field it does not know (so an OpenAI-shaped
 * body, or {@code max_tokens} in {@code generationConfig}, is a 400), requires {@code contents},
 * and accepts only the roles {@code user} and {@code model}.
 */
final class GeminiRequest {

    /** Top-level fields of GenerateContentRequest. */
    private static final Set<String> REQUEST_FIELDS = Set.of("model", "contents", "tools", "toolConfig",
            "safetySettings", "systemInstruction", "generationConfig", "cachedContent");

    /** Fields of GenerationConfig. */
    private static final Set<String> GENERATION_CONFIG_FIELDS = Set.of("stopSequences", "responseMimeType",
            "responseSchema", "responseJsonSchema", "_responseJsonSchema", "responseModalities", "candidateCount",
            "maxOutputTokens", "temperature", "topP", "topK", "seed", "presencePenalty", "frequencyPenalty",
            "responseLogprobs", "logprobs", "enableEnhancedCivicAnswers", "speechConfig", "thinkingConfig",
            "imageConfig", "mediaResolution");

    private static final Set<String> ROLES = Set.of("user", "model", "function");

    /** What reading a request gave: its meaning, or why Google would turn it away. */
    sealed interface Reading {}

    /** What the answer depends on; {@code thinkingBudget} is {@link #DYNAMIC} unless the request set it. */
    record Parsed(long promptCharacters, boolean cached, int maxOutputTokens, int thinkingBudget, ToolOffer tools)
            implements Reading {}

    /** The message of Google's 400 {@code INVALID_ARGUMENT} for the request. */
    record Rejected(String message) implements Reading {}

    static final int DYNAMIC = -1;

    private GeminiRequest() {}

    static Reading read(JsonNode root) {
        String unknown = unknownField(root, REQUEST_FIELDS, null);
        if (unknown == null) {
            unknown = unknownField(field(root, "generationConfig"), GENERATION_CONFIG_FIELDS, "generation_config");
        }
        if (unknown != null) {
            return new Rejected(unknown);
        }
        JsonNode contents = field(root, "contents");
        if (!contents.isArray() || contents.isEmpty()) {
            return new Rejected("* GenerateContentRequest.contents: contents is not specified\n");
        }
        long characters = textLength(field(root, "systemInstruction"));
        for (JsonNode content : contents) {
            String role = content.path("role").asText("user");
            if (!ROLES.contains(role)) {
                return new Rejected("Please use a valid role: user, model.");
            }
            characters += textLength(content);
        }
        JsonNode config = field(root, "generationConfig");
        JsonNode maxOutput = field(config, "maxOutputTokens");
        JsonNode budget = field(field(config, "thinkingConfig"), "thinkingBudget");
        return new Parsed(characters,
                field(root, "cachedContent").isTextual(),
                maxOutput.canConvertToInt() && maxOutput.asInt() > 0 ? maxOutput.asInt() : 0,
                budget.canConvertToInt() ? budget.asInt() : DYNAMIC,
                tools(root, contents));
    }

    /** A field by its lowerCamelCase name, or by the snake_case name proto JSON also accepts. */
    static JsonNode field(JsonNode node, String camel) {
        JsonNode value = node.get(camel);
        return value != null ? value : node.path(snake(camel));
    }

    private static String snake(String camel) {
        StringBuilder snake = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                snake.append('_').append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString();
    }

    private static String unknownField(JsonNode node, Set<String> known, String at) {
        if (!node.isObject()) {
            return null;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name) && known.stream().noneMatch(field -> snake(field).equals(name))) {
                return "Invalid JSON payload received. Unknown name \"" + name + "\""
                        + (at == null ? "" : " at '" + at + "'") + ": Cannot find field.";
            }
        }
        return null;
    }

    /** Characters of the text parts of a content ({@code {parts: [{text}]}}). */
    private static long textLength(JsonNode content) {
        long characters = 0;
        for (JsonNode part : content.path("parts")) {
            characters += part.path("text").asText("").length();
        }
        return characters;
    }

    private static ToolOffer tools(JsonNode root, JsonNode contents) {
        List<String> declared = new ArrayList<>();
        for (JsonNode tool : field(root, "tools")) {
            for (JsonNode declaration : field(tool, "functionDeclarations")) {
                if (declaration.path("name").isTextual()) {
                    declared.add(declaration.get("name").asText());
                }
            }
        }
        JsonNode calling = field(field(root, "toolConfig"), "functionCallingConfig");
        JsonNode allowed = field(calling, "allowedFunctionNames");
        ToolOffer.Choice choice = switch (calling.path("mode").asText("AUTO").toUpperCase(Locale.ROOT)) {
            case "NONE" -> ToolOffer.Choice.FORBIDDEN;
            case "ANY" -> ToolOffer.Choice.REQUIRED;
            default -> ToolOffer.Choice.AUTO;
        };
        String forced = choice == ToolOffer.Choice.REQUIRED && allowed.size() == 1 ? allowed.get(0).asText() : null;
        return new ToolOffer(declared, lastUserText(contents), choice, forced, true);
    }

    /** The text of the last content if the user wrote it; function responses give "". */
    private static String lastUserText(JsonNode contents) {
        JsonNode last = contents.get(contents.size() - 1);
        if (!"user".equals(last.path("role").asText("user"))) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : last.path("parts")) {
            text.append(part.path("text").asText("")).append(' ');
        }
        return text.toString();
    }
}
