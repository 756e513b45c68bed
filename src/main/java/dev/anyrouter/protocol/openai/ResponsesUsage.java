package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.JsonMember;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.Usage;
import java.nio.charset.StandardCharsets;

/**
 * Reads the {@code usage} of an OpenAI Responses {@code response} object: {@code input_tokens}
 * (cached ones included, as {@code input_tokens_details.cached_tokens}) and {@code output_tokens}
 * (reasoning included), and the web searches it ran: one {@code web_search_call} item of its
 * {@code output} per search, each billed (the usage object does not count them).
 */
public final class ResponsesUsage {
    /** The output item type of one run of the web search tool. */
    public static final String WEB_SEARCH_CALL = "web_search_call";
    private static final byte[] WEB_SEARCH_CALL_BYTES = ('"' + WEB_SEARCH_CALL + '"').getBytes(StandardCharsets.UTF_8);

    private ResponsesUsage() {}

    /** The usage in {@code response.usage} with the searches of {@code response.output}, or {@code null} when there is no usage. */
    public static Usage from(JsonNode response) {
        Usage usage = of(response.get("usage"));
        return usage == null ? null : usage.withWebSearches(webSearches(response.path("output")));
    }

    /**
     * The {@code web_search_call} items of a whole response's text, its {@code output} member
     * parsed only when the text names the type at all (most answers never search).
     */
    public static long webSearches(byte[] response) {
        if (!contains(response, WEB_SEARCH_CALL_BYTES)) return 0;
        var output = JsonMember.locate(response, "output");
        if (output.isEmpty()) return 0;
        try {
            return webSearches(Json.parse(response, output.get().start(), output.get().length()));
        } catch (MalformedJsonException e) {
            return 0; // the locator read it as well-formed: a parse agrees, so not reached
        }
    }

    private static boolean contains(byte[] text, byte[] what) {
        outer:
        for (int i = 0; i <= text.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (text[i + j] != what[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    /** The {@code web_search_call} items of a response's {@code output} array. */
    public static long webSearches(JsonNode output) {
        long searches = 0;
        for (JsonNode item : output) {
            if (WEB_SEARCH_CALL.equals(item.path("type").asText())) searches++;
        }
        return searches;
    }

    /** The usage a Responses {@code usage} object states, or {@code null} when it is absent or not an object. */
    public static Usage of(JsonNode usage) {
        if (usage == null || !usage.isObject()) return null;
        return new Usage(
                usage.path("input_tokens").asLong(0),
                usage.path("output_tokens").asLong(0),
                usage.path("input_tokens_details").path("cached_tokens").asLong(0));
    }
}
