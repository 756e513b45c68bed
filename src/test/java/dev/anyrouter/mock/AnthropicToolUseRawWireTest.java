package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tool use on the Anthropic Messages wire byte by byte: blocks, stop reason and {@code input_json_delta} events. */
class AnthropicToolUseRawWireTest {

    private static final String TOOLS = "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\","
            + "\"properties\":{\"location\":{\"type\":\"string\"}}}},"
            + "{\"type\":\"web_search_20250305\",\"name\":\"web_search\"},"
            + "{\"name\":\"get_time\",\"input_schema\":{\"type\":\"object\"}}]";

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

    private static HttpResponse<String> messages(String key, String messages, String extra) {
        var request = running.request("POST", "/v1/messages", null,
                        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"messages\":" + messages + extra + "}")
                .header("x-api-key", key)
                .header("anthropic-version", "2023-06-01");
        try {
            return running.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String user(String text) {
        return "[{\"role\":\"user\",\"content\":\"" + text + "\"}]";
    }

    /** The data of each event, checked to carry the event's name as its type. */
    private static List<JsonNode> events(String body) {
        List<JsonNode> events = new ArrayList<>();
        for (String block : body.substring(0, body.length() - 2).split("\n\n", -1)) {
            String[] lines = block.split("\n", -1);
            JsonNode data = RunningMock.parse(lines[1].substring("data: ".length()));
            assertThat(lines[0]).isEqualTo("event: " + data.get("type").asText());
            events.add(data);
        }
        return events;
    }

    @Test
    void weatherQuestionGetsAToolUseBlockAndStopReasonToolUse() {
        JsonNode message = RunningMock.parse(messages("sk-ant-1", user("Weather in Boston?"), "," + TOOLS).body());

        assertThat(message.get("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode content = message.get("content");
        assertThat(content).hasSize(1);
        JsonNode block = content.get(0);
        assertThat(block.get("type").asText()).isEqualTo("tool_use");
        assertThat(block.get("id").asText()).matches("toolu_01[A-Za-z0-9]{22}");
        assertThat(block.get("name").asText()).isEqualTo("get_weather");
        assertThat(block.get("input").get("location").asText()).isEqualTo("Boston, MA");
        assertThat(message.at("/usage/output_tokens").asInt()).isPositive();
    }

    @Test
    void serverToolsAreNotCalledAndParallelCallsCycleThroughDeclaredTools() {
        running.script("{\"key\":\"sk-ant-tools\",\"parallel_tool_calls\":2}");

        JsonNode content = RunningMock.parse(messages("sk-ant-tools", user("weather?"), "," + TOOLS).body())
                .get("content");

        assertThat(content.findValuesAsText("name")).containsExactly("get_weather", "get_time");
        assertThat(content.findValuesAsText("id")).doesNotHaveDuplicates();
    }

    @Test
    void toolChoiceAndDisableParallelToolUseAreHonoured() {
        running.script("{\"key\":\"sk-ant-tools\",\"parallel_tool_calls\":2}");

        assertThat(RunningMock.parse(messages("sk-ant-tools", user("weather?"), "," + TOOLS
                + ",\"tool_choice\":{\"type\":\"none\"}").body()).get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(RunningMock.parse(messages("sk-ant-tools", user("hi"), "," + TOOLS
                + ",\"tool_choice\":{\"type\":\"tool\",\"name\":\"get_time\",\"disable_parallel_tool_use\":true}")
                .body()).get("content").findValuesAsText("name")).containsExactly("get_time");
        assertThat(RunningMock.parse(messages("sk-ant-tools", user("hi"), "," + TOOLS
                + ",\"tool_choice\":{\"type\":\"any\"}").body()).get("content")).hasSize(2);
    }

    @Test
    void toolResultsAsLastMessageGetText() {
        String conversation = "[{\"role\":\"user\",\"content\":\"Weather in Boston?\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\","
                + "\"input\":{\"location\":\"Boston, MA\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"Sunny\"}]}]";

        JsonNode message = RunningMock.parse(messages("sk-ant-1", conversation, "," + TOOLS).body());

        assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(message.at("/content/0/type").asText()).isEqualTo("text");
    }

    @Test
    void streamOpensEachToolUseBlockThenStreamsItsInputAsJsonDeltas() {
        running.script("{\"key\":\"sk-ant-tools\",\"parallel_tool_calls\":2}");

        List<JsonNode> events = events(messages("sk-ant-tools", user("weather?"), ",\"stream\":true," + TOOLS).body());

        assertThat(events.getFirst().get("type").asText()).isEqualTo("message_start");
        assertThat(events.get(1).at("/content_block/type").asText()).isEqualTo("tool_use");
        assertThat(events.get(1).at("/content_block/input").isEmpty()).isTrue();
        assertThat(events.get(2).get("type").asText()).isEqualTo("ping");
        List<String> inputs = new ArrayList<>(List.of("", ""));
        boolean firstDeltaEmpty = false;
        for (JsonNode event : events) {
            if (event.get("type").asText().equals("content_block_delta")) {
                assertThat(event.at("/delta/type").asText()).isEqualTo("input_json_delta");
                int index = event.get("index").asInt();
                firstDeltaEmpty |= inputs.get(index).isEmpty() && event.at("/delta/partial_json").asText().isEmpty();
                inputs.set(index, inputs.get(index) + event.at("/delta/partial_json").asText());
            }
        }
        assertThat(firstDeltaEmpty).isTrue();
        assertThat(inputs).containsExactly("{\"location\":\"Boston, MA\"}", "{\"location\":\"San Francisco, CA\"}");
        JsonNode delta = events.get(events.size() - 2);
        assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("tool_use");
        assertThat(delta.at("/usage/output_tokens").asInt()).isPositive();
        assertThat(events.getLast().get("type").asText()).isEqualTo("message_stop");
    }
}
