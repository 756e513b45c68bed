package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a request offered the model in tools, read by each wire from its own fields, and the
 * mock's one rule for when to call them, shared so every wire decides alike.
 *
 * <p>The model calls a tool when the request declares tools, its choice does not forbid it, and
 * either the choice requires a call or the last message is the user's and mentions "weather";
 * a script's {@code tool_call} forces a call regardless. A conversation whose last message is
 * a tool's result gets text, so a tool loop ends.
 *
 * @param declared        names of the tools declared, in order
 * @param lastUserText    the text of the last message when it is the user's own words, else ""
 * @param choice          what the request's tool choice allows
 * @param forcedName      the one tool the choice names (then the choice is {@code REQUIRED}), or {@code null}
 * @param parallelAllowed whether the request allows more than one call in an answer
 */
record ToolOffer(List<String> declared, String lastUserText, Choice choice, String forcedName, boolean parallelAllowed) {

    /** Name used when a script forces a call on a request that declared no tools. */
    static final String DEFAULT_TOOL = "get_weather";

    /** The {@code location} arguments of successive parallel calls. */
    static final List<String> LOCATIONS = List.of("Boston, MA", "San Francisco, CA", "Tokyo, Japan", "Paris, France");

    /** An offer of nothing: a request without tools. */
    static final ToolOffer NONE = new ToolOffer(List.of(), "", Choice.AUTO, null, true);

    /** What the request's tool choice allows. */
    enum Choice {
        /** The model decides (the default). */
        AUTO,
        /** The model must call some tool. */
        REQUIRED,
        /** The model must not call tools. */
        FORBIDDEN
    }

    ToolOffer {
        declared = List.copyOf(declared);
        lastUserText = lastUserText == null ? "" : lastUserText;
    }

    /**
     * The text of the last of the OpenAI- or Anthropic-shaped {@code messages} when the user wrote
     * it: its string content, or the {@code text} of its content parts. A tool's result (OpenAI's
     * {@code tool} role, Anthropic's {@code tool_result} blocks, which carry no {@code text}) gives "".
     */
    static String lastUserText(JsonNode messages) {
        JsonNode last = messages.get(messages.size() - 1);
        if (last == null || !"user".equals(last.path("role").asText())) {
            return "";
        }
        JsonNode content = last.path("content");
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            text.append(part.path("text").asText("")).append(' ');
        }
        return text.toString();
    }

    /** The calls to answer with under {@code script}; empty for a text answer. */
    List<ToolCall> callsFor(Script script) {
        boolean call = script.toolCall()
                || !declared.isEmpty() && switch (choice) {
                    case FORBIDDEN -> false;
                    case REQUIRED -> true;
                    case AUTO -> lastUserText.toLowerCase(Locale.ROOT).contains("weather");
                };
        if (!call) {
            return List.of();
        }
        int count = parallelAllowed ? script.toolCallCount() : 1;
        List<ToolCall> calls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            calls.add(new ToolCall(nameOf(i), LOCATIONS.get(i % LOCATIONS.size())));
        }
        return calls;
    }

    private String nameOf(int index) {
        if (forcedName != null) {
            return forcedName;
        }
        return declared.isEmpty() ? DEFAULT_TOOL : declared.get(index % declared.size());
    }
}
