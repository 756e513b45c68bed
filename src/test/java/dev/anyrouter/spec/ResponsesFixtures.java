package dev.anyrouter.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonValue;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseOutputItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What tests of the Responses wire share: a function tool to offer, a response's text, and a reader of an event stream's body. */
public final class ResponsesFixtures {

    /** One server-sent event: its {@code event:} name (null when absent) and its data parsed. */
    public record Event(String name, JsonNode data) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponsesFixtures() {}

    /** {@code get_weather(location)}, not strict: the mock calls it when asked about the weather. */
    public static FunctionTool weatherTool() {
        return FunctionTool.builder().name("get_weather").description("The weather now in a city").strict(false)
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("location")))
                        .build())
                .build();
    }

    /** The text of a response's assistant messages, joined. */
    public static String text(Response response) {
        StringBuilder text = new StringBuilder();
        response.output().stream().filter(ResponseOutputItem::isMessage)
                .flatMap(item -> item.asMessage().content().stream())
                .forEach(content -> text.append(content.asOutputText().text()));
        return text.toString();
    }

    /** The events of a whole {@code text/event-stream} body, in order. */
    public static List<Event> events(String body) {
        List<Event> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String name = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) name = line.substring(7);
                if (line.startsWith("data: ")) data = line.substring(6);
            }
            if (data != null) events.add(new Event(name, parse(data)));
        }
        return events;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
