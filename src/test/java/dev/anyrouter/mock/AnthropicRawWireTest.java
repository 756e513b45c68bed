package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Anthropic wire byte by byte: event framing, version rules and error shapes. */
class AnthropicRawWireTest {

    private static final String HELLO =
            "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

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

    private static HttpResponse<String> send(String method, String path, String version, String key, String body) {
        HttpRequest.Builder request = running.request(method, path, null, body);
        if (version != null) {
            request.header("anthropic-version", version);
        }
        if (key != null) {
            request.header("x-api-key", key);
        }
        try {
            return running.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> messages(String version, String key, String extra) {
        return send("POST", "/v1/messages", version, key, HELLO + extra + "}");
    }

    private record Event(String name, JsonNode data) {}

    /** The events of an Anthropic SSE body; fails on any other framing. */
    private static List<Event> events(String body) {
        assertThat(body).endsWith("\n\n");
        List<Event> events = new ArrayList<>();
        for (String block : body.substring(0, body.length() - 2).split("\n\n", -1)) {
            String[] lines = block.split("\n", -1);
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).startsWith("event: ");
            assertThat(lines[1]).startsWith("data: ");
            Event event = new Event(lines[0].substring(7), RunningMock.parse(lines[1].substring(6)));
            assertThat(event.data().get("type").asText()).isEqualTo(event.name());
            events.add(event);
        }
        return events;
    }

    private static void assertAnthropicError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode root = RunningMock.parse(response.body());
        assertThat(root.get("type").asText()).isEqualTo("error");
        assertThat(root.at("/error/type").asText()).isEqualTo(type);
        assertThat(root.at("/error/message").asText()).isNotEmpty();
        assertThat(root.get("request_id").asText()).isEqualTo(response.headers().firstValue("request-id").orElseThrow());
    }

    @Test
    void streamsNamedEventsEndingWithMessageStop() {
        HttpResponse<String> response = messages("2023-06-01", "sk-ant-mock-1", ",\"stream\":true");

        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> names = events(response.body()).stream().map(Event::name).toList();
        List<String> expected = new ArrayList<>(List.of("message_start", "content_block_start", "ping"));
        for (int i = 0; i < ReplyText.DEFAULT_PIECES; i++) {
            expected.add("content_block_delta");
        }
        expected.addAll(List.of("content_block_stop", "message_delta", "message_stop"));
        assertThat(names).isEqualTo(expected);
    }

    @Test
    void noDoneLeavesOutMessageStop() {
        running.script("{\"key\":\"sk-ant-mock-nodone\",\"fault\":\"no_done\",\"chunks\":3}");

        List<Event> events = events(messages("2023-06-01", "sk-ant-mock-nodone", ",\"stream\":true").body());

        assertThat(events).hasSize(3 + 5);
        assertThat(events.getLast().name()).isEqualTo("message_delta");
    }

    @Test
    void requiresAnthropicVersion() {
        assertAnthropicError(messages(null, "sk-ant-mock-1", ""), 400, "invalid_request_error");
        assertAnthropicError(messages("2099-01-01", "sk-ant-mock-1", ""), 400, "invalid_request_error");
        assertThat(messages("2026-10-21", "sk-ant-mock-1", "").statusCode()).isEqualTo(200);
    }

    @Test
    void version20261021RejectsSamplingParametersThat20230601Accepts() {
        for (String parameter : List.of("temperature", "top_p", "top_k")) {
            HttpResponse<String> refused = messages("2026-10-21", "sk-ant-mock-1", ",\"" + parameter + "\":1");
            assertAnthropicError(refused, 400, "invalid_request_error");
            assertThat(RunningMock.parse(refused.body()).at("/error/message").asText()).startsWith(parameter);

            assertThat(messages("2023-06-01", "sk-ant-mock-1", ",\"" + parameter + "\":1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void refusesMissingFieldsKeysAndScriptedFailuresInAnthropicsShape() {
        assertAnthropicError(send("POST", "/v1/messages", "2023-06-01", "sk-ant-mock-1", "{\"model\":\"claude-opus-4-1\"}"),
                400, "invalid_request_error");
        assertAnthropicError(messages("2023-06-01", null, ""), 401, "authentication_error");
        HttpResponse<String> invalid = messages("2023-06-01", "sk-ant-invalid-key-1", "");
        assertAnthropicError(invalid, 401, "authentication_error");
        assertThat(invalid.body()).contains("sk-ant-invalid-key-1");

        running.script("{\"key\":\"sk-ant-mock-500\",\"status\":500}");
        running.script("{\"key\":\"sk-ant-mock-529\",\"status\":529}");
        running.script("{\"key\":\"sk-ant-mock-broke\",\"status\":402}");
        assertAnthropicError(messages("2023-06-01", "sk-ant-mock-500", ""), 500, "api_error");
        assertAnthropicError(messages("2023-06-01", "sk-ant-mock-529", ""), 529, "overloaded_error");
        assertAnthropicError(messages("2023-06-01", "sk-ant-mock-broke", ""), 400, "invalid_request_error");
    }

    @Test
    void modelsListTakesTheShapeOfTheWireTheRequestSpeaks() {
        JsonNode anthropic = RunningMock.parse(send("GET", "/v1/models", "2023-06-01", "sk-ant-mock-1", null).body());
        JsonNode openAi = RunningMock.parse(running.send("GET", "/v1/models", "sk-mock-1", null).body());

        assertThat(anthropic.get("has_more").asBoolean()).isFalse();
        assertThat(anthropic.get("first_id").asText()).isEqualTo(anthropic.at("/data/0/id").asText());
        assertThat(anthropic.at("/data/0/type").asText()).isEqualTo("model");
        assertThat(anthropic.at("/data/0/display_name").asText()).startsWith("Claude");
        assertThat(openAi.get("object").asText()).isEqualTo("list");
        assertThat(openAi.at("/data/0/owned_by").asText()).isEqualTo("openai");
    }

    @Test
    void messageHasEveryFieldOfAnthropicsMessage() {
        JsonNode message = RunningMock.parse(messages("2023-06-01", "sk-ant-mock-1", "").body());

        assertThat(message.get("type").asText()).isEqualTo("message");
        assertThat(message.get("role").asText()).isEqualTo("assistant");
        assertThat(message.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(message.has("stop_sequence") && message.get("stop_sequence").isNull()).isTrue();
        assertThat(message.at("/usage/input_tokens").asInt()).isEqualTo(1);
        assertThat(message.at("/usage/cache_read_input_tokens").isInt()).isTrue();
    }
}
