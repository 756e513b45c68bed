package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tool calls on the OpenAI chat wire byte by byte: when they happen, their JSON, and their stream fragments. */
class OpenAiToolCallRawWireTest {

    private static final String CHAT = "/v1/chat/completions";
    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}}},"
            + "{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"parameters\":{\"type\":\"object\"}}}]";

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

    private static JsonNode chat(String key, String userText, String extra) {
        String body = "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"" + userText + "\"}]"
                + extra + "}";
        var response = running.send("POST", CHAT, key, body);
        assertThat(response.statusCode()).isEqualTo(200);
        return RunningMock.parse(response.body());
    }

    private static List<JsonNode> streamChunks(String key, String userText, String extra) {
        String body = "{\"model\":\"gpt-4.1\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + userText + "\"}]" + extra + "}";
        String sse = running.send("POST", CHAT, key, body).body();
        List<String> events = Arrays.asList(sse.substring(0, sse.length() - 2).split("\n\n", -1));
        assertThat(events.getLast()).isEqualTo("data: [DONE]");
        return events.subList(0, events.size() - 1).stream().map(e -> RunningMock.parse(e.substring(6))).toList();
    }

    @Test
    void weatherQuestionWithToolsGetsAToolCallWithNoContent() {
        JsonNode root = chat("sk-mock-1", "What is the weather in Boston?", "," + TOOLS);

        JsonNode choice = root.at("/choices/0");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode message = choice.get("message");
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.get("refusal").isNull()).isTrue();
        JsonNode calls = message.get("tool_calls");
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).get("id").asText()).matches("call_[A-Za-z0-9]{24}");
        assertThat(calls.get(0).get("type").asText()).isEqualTo("function");
        assertThat(calls.get(0).at("/function/name").asText()).isEqualTo("get_weather");
        // The arguments are a JSON string holding an object, as OpenAI sends them.
        assertThat(calls.get(0).at("/function/arguments").asText()).isEqualTo("{\"location\":\"Boston, MA\"}");
        assertThat(root.at("/usage/completion_tokens").asInt()).isPositive();
    }

    @Test
    void otherQuestionsAndRequestsWithoutToolsGetText() {
        assertThat(chat("sk-mock-1", "Tell me a joke", "," + TOOLS).at("/choices/0/message/content").asText())
                .isEqualTo(ReplyText.text(ReplyText.DEFAULT_PIECES));
        assertThat(chat("sk-mock-1", "What is the weather?", "").at("/choices/0/finish_reason").asText())
                .isEqualTo("stop");
    }

    @Test
    void toolChoiceDecidesWhetherAndWhichToolIsCalled() {
        assertThat(chat("sk-mock-1", "weather?", "," + TOOLS + ",\"tool_choice\":\"none\"")
                .at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(chat("sk-mock-1", "Tell me a joke", "," + TOOLS + ",\"tool_choice\":\"required\"")
                .at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(chat("sk-mock-1", "Tell me a joke", "," + TOOLS
                + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}")
                .at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_time");
    }

    @Test
    void scriptForcesParallelCallsWithTheirOwnIdsAndArguments() {
        running.script("{\"key\":\"sk-mock-tools\",\"tool_call\":true,\"parallel_tool_calls\":3}");

        JsonNode calls = chat("sk-mock-tools", "Tell me a joke", "," + TOOLS).at("/choices/0/message/tool_calls");

        assertThat(calls).hasSize(3);
        assertThat(calls.findValuesAsText("name")).containsExactly("get_weather", "get_time", "get_weather");
        assertThat(calls.findValuesAsText("arguments")).containsExactly("{\"location\":\"Boston, MA\"}",
                "{\"location\":\"San Francisco, CA\"}", "{\"location\":\"Tokyo, Japan\"}");
        assertThat(calls.findValuesAsText("id")).doesNotHaveDuplicates();
    }

    @Test
    void parallelToolCallsFalseInTheRequestKeepsItToOneCall() {
        running.script("{\"key\":\"sk-mock-tools\",\"parallel_tool_calls\":2}");

        assertThat(chat("sk-mock-tools", "weather?", "," + TOOLS).at("/choices/0/message/tool_calls")).hasSize(2);
        assertThat(chat("sk-mock-tools", "weather?", "," + TOOLS + ",\"parallel_tool_calls\":false")
                .at("/choices/0/message/tool_calls")).hasSize(1);
    }

    @Test
    void aToolResultAsLastMessageGetsTextSoTheLoopEnds() {
        String body = "{\"model\":\"gpt-4.1\"," + TOOLS + ",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"What is the weather in Boston?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"Sunny\"}]}";

        JsonNode root = RunningMock.parse(running.send("POST", CHAT, "sk-mock-1", body).body());

        assertThat(root.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(root.at("/choices/0/message/content").asText()).isNotEmpty();
    }

    @Test
    void streamSendsEachCallsHeaderThenItsArgumentsInFragments() {
        running.script("{\"key\":\"sk-mock-tools\",\"parallel_tool_calls\":2}");

        List<JsonNode> chunks = streamChunks("sk-mock-tools", "How is the weather?", "," + TOOLS);

        JsonNode opening = chunks.getFirst().at("/choices/0/delta");
        assertThat(opening.get("role").asText()).isEqualTo("assistant");
        assertThat(opening.get("content").isNull()).isTrue();
        assertThat(opening.at("/tool_calls/0/id").asText()).startsWith("call_");
        assertThat(opening.at("/tool_calls/0/function/arguments").asText()).isEmpty();

        Map<Integer, StringBuilder> arguments = new TreeMap<>();
        List<String> names = new ArrayList<>();
        int fragments = 0;
        for (JsonNode chunk : chunks.subList(0, chunks.size() - 2)) {
            JsonNode call = chunk.at("/choices/0/delta/tool_calls/0");
            assertThat(call.isMissingNode()).isFalse();
            if (call.has("id")) {
                names.add(call.at("/function/name").asText());
            } else {
                fragments++;
                assertThat(call.has("type")).isFalse();
            }
            arguments.computeIfAbsent(call.get("index").asInt(), i -> new StringBuilder())
                    .append(call.at("/function/arguments").asText());
        }
        assertThat(names).containsExactly("get_weather", "get_time");
        assertThat(fragments).isGreaterThan(6);
        assertThat(arguments.values()).extracting(StringBuilder::toString)
                .containsExactly("{\"location\":\"Boston, MA\"}", "{\"location\":\"San Francisco, CA\"}");
        assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(chunks.getLast().at("/usage/completion_tokens").asInt()).isPositive();
    }

    @Test
    void adminRefusesMalformedToolOptions() {
        for (String bad : List.of("{\"key\":\"k\",\"tool_call\":\"yes\"}", "{\"key\":\"k\",\"parallel_tool_calls\":0}",
                "{\"key\":\"k\",\"parallel_tool_calls\":1000}", "{\"key\":\"k\",\"parallel_tool_calls\":1.5}")) {
            assertThat(running.send("POST", "/_mock/script", null, bad).statusCode()).as(bad).isEqualTo(400);
        }
    }
}
