package dev.anyrouter.mock;

import static dev.anyrouter.spec.ResponsesFixtures.events;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.spec.OpenAiSchemas;
import dev.anyrouter.spec.ResponsesFixtures.Event;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mock's Responses wire byte for byte: shapes checked against OpenAI's OpenAPI schemas, events in order. */
class OpenAiResponsesRawWireTest {

    private static final String WEATHER_TOOL = "{\"type\":\"function\",\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}}";

    private static RunningMock running;

    @BeforeAll
    static void start() {
        running = new RunningMock();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @BeforeEach
    void reset() {
        running.reset();
    }

    private HttpResponse<String> post(String key, String body) {
        return running.send("POST", "/v1/responses", key, body);
    }

    @Test
    void jsonResponseConformsToTheSpec() {
        HttpResponse<String> response = post("sk-mock-1",
                "{\"model\":\"gpt-4.1\",\"store\":false,\"input\":[{\"role\":\"developer\",\"content\":\"Be brief.\"},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = RunningMock.parse(response.body());
        OpenAiSchemas.get().assertValid("Response", body);
        assertThat(body.get("store").asBoolean()).isFalse();
        assertThat(body.at("/output/0/content/0/type").asText()).isEqualTo("output_text");
        assertThat(body.at("/usage/input_tokens_details/cached_tokens").isInt()).isTrue();
        assertThat(body.at("/usage/output_tokens_details/reasoning_tokens").isInt()).isTrue();
    }

    @Test
    void functionCallResponseConformsToTheSpec() {
        JsonNode body = RunningMock.parse(post("sk-mock-1",
                "{\"model\":\"gpt-4.1\",\"input\":\"weather in Paris?\",\"tools\":[" + WEATHER_TOOL + "]}").body());
        OpenAiSchemas.get().assertValid("Response", body);
        assertThat(body.at("/output/0/type").asText()).isEqualTo("function_call");
        assertThat(body.at("/tools/0/strict").asBoolean()).as("OpenAI's default for Responses").isTrue();
    }

    @Test
    void streamEventsConformToTheSpecInOrderWithTheWholeItemWhenDone() {
        for (String request : List.of("{\"model\":\"gpt-4.1\",\"stream\":true,\"input\":\"hi\"}",
                "{\"model\":\"gpt-4.1\",\"stream\":true,\"input\":\"weather here and weather there\",\"tools\":["
                        + WEATHER_TOOL + "]}")) {
            HttpResponse<String> response = post("sk-mock-1", request);
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            List<Event> events = events(response.body());
            for (int i = 0; i < events.size(); i++) {
                Event event = events.get(i);
                assertThat(event.name()).isEqualTo(event.data().get("type").asText());
                assertThat(event.data().get("sequence_number").asInt()).isEqualTo(i);
                OpenAiSchemas.get().assertValid("ResponseStreamEvent", event.data());
            }
            List<String> types = events.stream().map(Event::name).toList();
            assertThat(types.subList(0, 2)).containsExactly("response.created", "response.in_progress");
            assertThat(types.getLast()).isEqualTo("response.completed");
            JsonNode completed = events.getLast().data().get("response");
            List<JsonNode> done = events.stream().filter(e -> e.name().equals("response.output_item.done"))
                    .map(e -> e.data().get("item")).toList();
            assertThat(done).hasSize(completed.get("output").size());
            for (int i = 0; i < done.size(); i++) assertThat(done.get(i)).isEqualTo(completed.get("output").get(i));
            assertThat(completed.at("/usage/total_tokens").asInt()).isPositive();
        }
    }

    @Test
    void textEventsFollowOpenAisOrder() {
        List<String> types = events(post("sk-mock-1", "{\"model\":\"gpt-4.1\",\"stream\":true,\"input\":\"hi\"}").body())
                .stream().map(Event::name).filter(t -> !t.equals("response.output_text.delta")).toList();
        assertThat(types).containsExactly("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.done", "response.content_part.done",
                "response.output_item.done", "response.completed");
    }

    @Test
    void unknownInputItemTypeIsA400NamingTheItem() {
        HttpResponse<String> response = post("sk-mock-1",
                "{\"model\":\"gpt-4.1\",\"input\":[{\"type\":\"telepathy\",\"content\":\"hi\"}]}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = RunningMock.parse(response.body()).get("error");
        assertThat(error.get("param").asText()).isEqualTo("input[0].type");
        assertThat(error.get("code").asText()).isEqualTo("invalid_value");
    }

    @Test
    void withoutTheTerminatorTheStreamHasNoCompletedEvent() {
        running.script("{\"key\":\"sk-mock-nodone\",\"fault\":\"no_done\"}");
        List<Event> events = events(post("sk-mock-nodone", "{\"model\":\"gpt-4.1\",\"stream\":true,\"input\":\"hi\"}").body());
        assertThat(events).isNotEmpty().noneSatisfy(e -> assertThat(e.name()).isEqualTo("response.completed"));
    }

    @Test
    void missingKeyIsOpenAis401() {
        HttpResponse<String> response = post(null, "{\"model\":\"gpt-4.1\",\"input\":\"hi\"}");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(RunningMock.parse(response.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
    }
}
