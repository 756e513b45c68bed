package dev.anyrouter.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every Responses event stream must satisfy, whoever wrote it (OpenAI, the mock, the gateway's
 * translation): each event conforms to {@code ResponseStreamEvent} in OpenAI's description and
 * names its type in its {@code event:} line; {@code sequence_number} counts from 0 without a gap;
 * {@code response.created} and {@code response.in_progress} open it and one final event
 * ({@code response.completed}, {@code .incomplete} or {@code .failed}) closes it; each output item is
 * announced before its deltas and closed by {@code response.output_item.done} carrying the whole
 * item, which is also what the final response lists at that index, and whose text or arguments are
 * the deltas joined. One known difference from the description is allowed: OpenAI writes
 * {@code "usage": null} in a response that has not completed, where the description allows only an
 * object or nothing.
 */
public final class ResponsesStreamRules {
    private ResponsesStreamRules() {}

    /** Checks the stream and returns its final event's {@code response}. */
    public static JsonNode check(List<ResponsesFixtures.Event> events) {
        assertThat(events).as("a stream has at least its opening and final events").hasSizeGreaterThanOrEqualTo(3);
        OpenAiSchemas schemas = OpenAiSchemas.get();
        Map<Integer, JsonNode> doneItems = new HashMap<>();
        Map<Integer, StringBuilder> deltas = new HashMap<>();
        Map<Integer, Boolean> added = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode data = events.get(i).data();
            String type = data.path("type").asText();
            assertThat(schemas.violations("ResponseStreamEvent", withoutNullUsage(data))).as("event %d %s", i, data).isEmpty();
            assertThat(events.get(i).name()).as("event: line of %s", type).isEqualTo(type);
            assertThat(data.path("sequence_number").asInt(-1)).as("sequence_number of event %d", i).isEqualTo(i);
            int index = data.path("output_index").asInt(-1);
            switch (type) {
                case "response.output_item.added" -> {
                    assertThat(added.put(index, true)).as("item %d announced once", index).isNull();
                    deltas.put(index, new StringBuilder());
                }
                case "response.output_item.done" -> {
                    assertThat(added).as("item %d announced before done", index).containsKey(index);
                    assertThat(doneItems.put(index, data.path("item"))).as("item %d done once", index).isNull();
                }
                case "response.output_text.delta", "response.function_call_arguments.delta", "response.reasoning_summary_text.delta",
                     "response.reasoning_text.delta", "response.custom_tool_call_input.delta" -> {
                    assertThat(added).as("%s of an announced item", type).containsKey(index);
                    assertThat(doneItems).as("%s before its item is done", type).doesNotContainKey(index);
                    deltas.get(index).append(data.path("delta").asText());
                }
                default -> { }
            }
        }
        assertThat(events.get(0).data().path("type").asText()).isEqualTo("response.created");
        assertThat(events.get(1).data().path("type").asText()).isEqualTo("response.in_progress");
        JsonNode last = events.getLast().data();
        assertThat(last.path("type").asText()).isIn("response.completed", "response.incomplete", "response.failed");
        JsonNode response = last.path("response");
        assertThat(schemas.violations("Response", response)).isEmpty();
        assertThat(doneItems.keySet()).as("every announced item is done").isEqualTo(added.keySet());
        for (var done : doneItems.entrySet()) {
            assertThat(response.path("output").get(done.getKey())).as("final output[%d]", done.getKey()).isEqualTo(done.getValue());
            String joined = deltas.get(done.getKey()).toString();
            if (!joined.isEmpty()) assertThat(wholeText(done.getValue())).as("deltas of item %d", done.getKey()).isEqualTo(joined);
        }
        return response;
    }

    private static JsonNode withoutNullUsage(JsonNode event) {
        if (!event.path("response").path("usage").isNull()) return event;
        ObjectNode copy = event.deepCopy();
        ((ObjectNode) copy.get("response")).remove("usage");
        return copy;
    }

    /** An item's whole text: a message's text, a call's arguments or input, a reasoning item's summary or content. */
    private static String wholeText(JsonNode item) {
        return switch (item.path("type").asText()) {
            case "message" -> item.path("content").get(0).path("text").asText();
            case "function_call" -> item.path("arguments").asText();
            case "custom_tool_call" -> item.path("input").asText();
            case "reasoning" -> (item.path("summary").isEmpty() ? item.path("content") : item.path("summary")).get(0).path("text").asText();
            default -> "";
        };
    }
}
