package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.JsonGlance;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.sse.SseEvent;
import java.nio.charset.StandardCharsets;

/**
 * Watches an OpenAI Responses stream as it is relayed, event by event and unchanged: captures the
 * usage of the final {@code response.completed} (or {@code response.incomplete}), notices
 * {@code response.failed} and {@code error}, and remembers the last {@code sequence_number} so the
 * gateway can number an error event of its own. A stream that ends with none of those is cut
 * short. Only the few events that end a stream are parsed, and an added output item that names
 * the web search tool's {@code web_search_call} (counted, so a stream cut before its usage still
 * counts the searches it ran); deltas are passed by a glance at their name. One per stream.
 */
public final class ResponsesStreamState {

    /** How a Responses stream ended, as far as it has. */
    public enum Ending {
        /** No final event yet: if the stream stops here, it was cut short. */
        NONE,
        /** {@code response.completed} or {@code response.incomplete} (a limit reached): a proper end. */
        COMPLETED,
        /** {@code response.failed} or an {@code error} event: the upstream gave up. */
        FAILED
    }


    private static final String ITEM_ADDED = "response.output_item.added";

    private Ending ending = Ending.NONE;
    private Usage usage;
    private long lastSequence = -1;
    private long generatedChars;
    private long searchesSeen;

    /** Looks at one event; every event is relayed to the client as it came. */
    public void accept(SseEvent event) {
        String data = event.data();
        if (data == null) return;
        String type = event.event();
        if (type != null && !isFinal(type) && !(type.equals(ITEM_ADDED) && data.contains(ResponsesUsage.WEB_SEARCH_CALL))) {
            lastSequence = Math.max(lastSequence, sequenceOf(data));
            if (type.endsWith(".delta")) generatedChars += JsonGlance.at(data).stringChars("delta");
            return;
        }
        JsonNode json;
        try {
            json = Json.parse(data.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedJsonException e) {
            return;
        }
        if (type == null) type = json.path("type").asText("");
        if (type.endsWith(".delta")) generatedChars += json.path("delta").asText("").length();
        lastSequence = Math.max(lastSequence, json.path("sequence_number").asLong(-1));
        switch (type) {
            case "response.completed", "response.incomplete" -> {
                ending = Ending.COMPLETED;
                usage = ResponsesUsage.from(json.path("response"));
            }
            case "response.failed" -> {
                ending = Ending.FAILED;
                usage = ResponsesUsage.from(json.path("response"));
            }
            case "error" -> ending = Ending.FAILED;
            case ITEM_ADDED -> {
                if (ResponsesUsage.WEB_SEARCH_CALL.equals(json.path("item").path("type").asText())) searchesSeen++;
            }
            default -> { }
        }
    }

    private static boolean isFinal(String type) {
        return type.equals("response.completed") || type.equals("response.incomplete")
                || type.equals("response.failed") || type.equals("error");
    }

    /** The {@code sequence_number} in an event's JSON text, read without parsing the whole event. */
    static long sequenceOf(String data) {
        int at = data.indexOf("\"sequence_number\"");
        if (at < 0) return -1;
        int i = data.indexOf(':', at) + 1;
        while (i > 0 && i < data.length() && data.charAt(i) == ' ') i++;
        long value = 0;
        int start = i;
        while (i < data.length() && Character.isDigit(data.charAt(i))) value = value * 10 + (data.charAt(i++) - '0');
        return i == start ? -1 : value;
    }

    public Ending ending() {
        return ending;
    }

    /** The usage the final event reported; before it, only the web searches seen so far ({@link Usage#NONE} when none). */
    public Usage usage() {
        return usage != null ? usage : Usage.NONE.withWebSearches(searchesSeen);
    }

    /** Whether a final event stated the usage. */
    public boolean usageFinal() {
        return usage != null;
    }

    /** The sequence number an event appended by the gateway should carry. */
    public long nextSequenceNumber() {
        return lastSequence + 1;
    }

    /** Characters of generated text in the delta events seen (output text, reasoning, tool arguments, refusals). */
    public long generatedChars() {
        return generatedChars;
    }
}
