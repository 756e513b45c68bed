package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Function calling on the Gemini wire: whole {@code functionCall} parts, no ids, finishReason STOP. */
class GeminiToolCallRawWireTest {

    private static final String TOOLS = "\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}},"
            + "{\"name\":\"get_time\"}]}]";

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

    private static String ask(String text) {
        return "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + text + "\"}]}]";
    }

    private static JsonNode generate(String model, String key, String body) {
        var response = running.sendGoogle("POST", "/v1beta/models/" + model + ":generateContent", key, body);
        assertThat(response.statusCode()).isEqualTo(200);
        return RunningMock.parse(response.body());
    }

    @Test
    void weatherQuestionGetsAFunctionCallWithArgsAndNoId() {
        JsonNode candidate = generate("gemini-2.5-flash", "AIza-1", ask("What's the weather in Boston?") + "," + TOOLS + "}")
                .at("/candidates/0");

        assertThat(candidate.get("finishReason").asText()).isEqualTo("STOP");
        JsonNode part = candidate.at("/content/parts/0");
        assertThat(part.at("/functionCall/name").asText()).isEqualTo("get_weather");
        assertThat(part.at("/functionCall/args/location").asText()).isEqualTo("Boston, MA");
        assertThat(part.get("functionCall").has("id")).isFalse();
        assertThat(part.has("text")).isFalse();
        // 2.5 models think, so they sign their first function call.
        assertThat(part.get("thoughtSignature").asText()).isNotEmpty();
    }

    @Test
    void aModelThatDoesNotThinkSignsNothing() {
        JsonNode part = generate("gemini-2.0-flash", "AIza-1", ask("weather?") + "," + TOOLS + "}")
                .at("/candidates/0/content/parts/0");

        assertThat(part.has("functionCall")).isTrue();
        assertThat(part.has("thoughtSignature")).isFalse();
    }

    @Test
    void parallelCallsAreSeveralPartsOfOneContent() {
        running.script("{\"key\":\"AIza-par\",\"tool_call\":true,\"parallel_tool_calls\":2}");

        JsonNode parts = generate("gemini-2.5-flash", "AIza-par", ask("hello") + "," + TOOLS + "}")
                .at("/candidates/0/content/parts");

        assertThat(parts).hasSize(2);
        assertThat(parts.findValuesAsText("name")).containsExactly("get_weather", "get_time");
        assertThat(parts.get(1).has("thoughtSignature")).isFalse();
    }

    @Test
    void functionCallingModeDecides() {
        assertThat(generate("gemini-2.5-flash", "AIza-1", ask("weather?") + "," + TOOLS
                + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"NONE\"}}}")
                .at("/candidates/0/content/parts/0").has("text")).isTrue();
        assertThat(generate("gemini-2.5-flash", "AIza-1", ask("hello") + "," + TOOLS
                + ",\"tool_config\":{\"function_calling_config\":{\"mode\":\"ANY\",\"allowed_function_names\":[\"get_time\"]}}}")
                .at("/candidates/0/content/parts/0/functionCall/name").asText()).isEqualTo("get_time");
    }

    @Test
    void aFunctionResponseAsLastContentGetsText() {
        String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Weather in Boston?\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{}}}]},"
                + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"get_weather\",\"response\":{\"sky\":\"clear\"}}}]}],"
                + TOOLS + "}";

        JsonNode candidate = generate("gemini-2.5-flash", "AIza-1", body).at("/candidates/0");

        assertThat(candidate.at("/content/parts/0/text").asText()).isNotEmpty();
        assertThat(candidate.get("finishReason").asText()).isEqualTo("STOP");
    }

    @Test
    void streamedCallComesWholeInOneFinishingEvent() {
        String body = running.sendGoogle("POST", "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse",
                "AIza-1", ask("weather?") + "," + TOOLS + "}").body();

        assertThat(body).startsWith("data: ").endsWith("\r\n\r\n");
        assertThat(body.split("\r\n\r\n", -1)).hasSize(2);
        JsonNode event = RunningMock.parse(body.substring("data: ".length()).trim());
        assertThat(event.at("/candidates/0/content/parts/0/functionCall/args/location").asText()).isEqualTo("Boston, MA");
        assertThat(event.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(event.at("/usageMetadata/candidatesTokenCount").asInt()).isPositive();
    }

    @Test
    void hangAfterFirstChunkStallsAfterAOneEventStreamsOnlyEvent() {
        running.script("{\"key\":\"AIza-stall\",\"fault\":\"hang_after_first_chunk\"}");
        String body = ask("weather?") + "," + TOOLS + "}";

        try (RawSocket socket = new RawSocket(running.mock.port()).post(
                "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", "x-goog-api-key: AIza-stall\r\n", body)) {
            String wire = socket.readUntilQuiet(400);

            assertThat(wire).startsWith("HTTP/1.1 200").contains("\"functionCall\"").doesNotEndWith("0\r\n\r\n");
            assertThat(socket.closedByServer(100)).isFalse();
        }
    }
}
