package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Gemini wire byte by byte: models, generateContent, SSE and JSON-array streams, keys and Google's errors. */
class GeminiRawWireTest {

    private static final String FLASH = "/v1beta/models/gemini-2.5-flash";
    private static final String HELLO = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello there\"}]}]";

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

    private static HttpResponse<String> send(String method, String pathAndQuery, String key, String body) {
        return running.sendGoogle(method, pathAndQuery, key, body);
    }

    private static HttpResponse<String> generate(String key, String extra) {
        return send("POST", FLASH + ":generateContent", key, HELLO + extra + "}");
    }

    /** The data of each event of a Gemini SSE body; fails on any framing but {@code data: …\r\n\r\n}. */
    private static List<JsonNode> sseEvents(String body) {
        assertThat(body).endsWith("\r\n\r\n");
        List<String> events = Arrays.asList(body.substring(0, body.length() - 4).split("\r\n\r\n", -1));
        assertThat(events).allSatisfy(event -> assertThat(event).startsWith("data: ").doesNotContain("\n"));
        return events.stream().map(event -> RunningMock.parse(event.substring("data: ".length()))).toList();
    }

    private static void assertGoogleError(HttpResponse<String> response, int code, String status) {
        assertThat(response.statusCode()).isEqualTo(code);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = RunningMock.parse(response.body()).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(code);
        assertThat(error.get("status").asText()).isEqualTo(status);
        assertThat(error.get("message").asText()).isNotEmpty();
    }

    @Test
    void listsCurrentModelsWithLimitsAndMethods() {
        HttpResponse<String> response = send("GET", "/v1beta/models", "AIza-mock-1", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode models = RunningMock.parse(response.body()).get("models");
        assertThat(models.findValuesAsText("name")).contains("models/gemini-2.5-pro", "models/gemini-2.5-flash",
                "models/gemini-2.5-flash-lite", "models/gemini-2.0-flash", "models/gemini-embedding-001");
        JsonNode pro = models.get(0);
        assertThat(pro.get("displayName").asText()).isEqualTo("Gemini 2.5 Pro");
        assertThat(pro.get("inputTokenLimit").asInt()).isEqualTo(1_048_576);
        assertThat(pro.get("outputTokenLimit").asInt()).isEqualTo(65_536);
        assertThat(pro.get("supportedGenerationMethods").toString()).contains("generateContent");
        JsonNode one = RunningMock.parse(send("GET", "/v1beta/models/gemini-2.0-flash", "AIza-mock-1", null).body());
        assertThat(one.get("name").asText()).isEqualTo("models/gemini-2.0-flash");
        assertThat(one.get("outputTokenLimit").asInt()).isEqualTo(8_192);
        assertGoogleError(send("GET", "/v1beta/models/gemini-9", "AIza-mock-1", null), 404, "NOT_FOUND");
    }

    @Test
    void generateContentAnswersWithACandidateUsageAndIdsIndentedAsGoogleWritesThem() {
        HttpResponse<String> response = generate("AIza-mock-1", "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\n  \"candidates\": [").endsWith("}\n");
        JsonNode root = RunningMock.parse(response.body());
        JsonNode candidate = root.at("/candidates/0");
        assertThat(candidate.at("/content/role").asText()).isEqualTo("model");
        assertThat(candidate.at("/content/parts/0/text").asText()).isEqualTo(ReplyText.text(ReplyText.DEFAULT_PIECES));
        assertThat(candidate.get("finishReason").asText()).isEqualTo("STOP");
        assertThat(candidate.get("index").asInt()).isZero();
        JsonNode usage = root.get("usageMetadata");
        // "Hello there" is 11 characters: 3 tokens. 2.5 Flash thinks, and its thoughts count in the total only.
        assertThat(usage.get("promptTokenCount").asInt()).isEqualTo(3);
        assertThat(usage.get("candidatesTokenCount").asInt()).isEqualTo(ReplyText.DEFAULT_PIECES);
        assertThat(usage.get("thoughtsTokenCount").asInt()).isEqualTo(GeminiGenerate.THOUGHT_TOKENS);
        assertThat(usage.get("totalTokenCount").asInt())
                .isEqualTo(3 + ReplyText.DEFAULT_PIECES + GeminiGenerate.THOUGHT_TOKENS);
        assertThat(usage.has("cachedContentTokenCount")).isFalse();
        assertThat(usage.at("/promptTokensDetails/0/modality").asText()).isEqualTo("TEXT");
        assertThat(root.get("modelVersion").asText()).isEqualTo("gemini-2.5-flash");
        assertThat(root.get("responseId").asText()).isNotEmpty();
    }

    @Test
    void thinkingFollowsTheModelAndBudgetAndCachedContentIsReported() {
        JsonNode noThinking = RunningMock.parse(send("POST", "/v1beta/models/gemini-2.0-flash:generateContent",
                "AIza-mock-1", HELLO + ",\"cachedContent\":\"cachedContents/abc\"}").body()).get("usageMetadata");
        assertThat(noThinking.has("thoughtsTokenCount")).isFalse();
        assertThat(noThinking.get("totalTokenCount").asInt()).isEqualTo(3 + ReplyText.DEFAULT_PIECES);
        assertThat(noThinking.get("cachedContentTokenCount").asInt()).isEqualTo(1);

        JsonNode budgetOff = RunningMock.parse(generate("AIza-mock-1",
                ",\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":0}}").body()).get("usageMetadata");
        assertThat(budgetOff.has("thoughtsTokenCount")).isFalse();

        assertGoogleError(send("POST", "/v1beta/models/gemini-2.5-pro:generateContent", "AIza-mock-1",
                HELLO + ",\"generationConfig\":{\"thinking_config\":{\"thinking_budget\":0}}}"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void maxOutputTokensCutsTheAnswerWithFinishReasonMaxTokens() {
        JsonNode candidate = RunningMock.parse(generate("AIza-mock-1", ",\"generationConfig\":{\"maxOutputTokens\":4}")
                .body()).at("/candidates/0");

        assertThat(candidate.at("/content/parts/0/text").asText()).isEqualTo("This is a mock");
        assertThat(candidate.get("finishReason").asText()).isEqualTo("MAX_TOKENS");
    }

    @Test
    void sseStreamSendsAWholeResponsePerEventSeparatedByCrlfCrlf() {
        HttpResponse<String> response =
                send("POST", FLASH + ":streamGenerateContent?alt=sse", "AIza-mock-1", HELLO + "}");

        assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
        // Google's one-line events put a space after each colon only.
        assertThat(response.body()).startsWith("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"This\"}],");
        List<JsonNode> events = sseEvents(response.body());
        assertThat(events).hasSize(ReplyText.DEFAULT_PIECES);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            text.append(event.at("/candidates/0/content/parts/0/text").asText());
            assertThat(event.at("/candidates/0/content/role").asText()).isEqualTo("model");
            assertThat(event.at("/candidates/0").has("finishReason")).isEqualTo(i == events.size() - 1);
            // Usage is cumulative on every event: the last one is the answer's.
            assertThat(event.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(i + 1);
            assertThat(event.get("responseId").asText()).isEqualTo(events.getFirst().get("responseId").asText());
        }
        assertThat(text.toString()).isEqualTo(ReplyText.text(ReplyText.DEFAULT_PIECES));
        assertThat(events.getLast().at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
    }

    @Test
    void streamWithoutAltSseIsOneJsonArraySentPieceByPiece() {
        HttpResponse<String> response = send("POST", FLASH + ":streamGenerateContent", "AIza-mock-1", HELLO + "}");

        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).startsWith("[{\n").contains("}\n,\r\n{").endsWith("}\n]");
        JsonNode array = RunningMock.parse(response.body());
        assertThat(array).hasSize(ReplyText.DEFAULT_PIECES);
        assertThat(array.get(ReplyText.DEFAULT_PIECES - 1).at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
    }

    @Test
    void noDoneLeavesOutTheFinishingEvent() {
        running.script("{\"key\":\"AIza-mock-nodone\",\"fault\":\"no_done\",\"chunks\":5}");

        List<JsonNode> events = sseEvents(
                send("POST", FLASH + ":streamGenerateContent?alt=sse", "AIza-mock-nodone", HELLO + "}").body());

        assertThat(events).hasSize(4).allSatisfy(event -> assertThat(event.at("/candidates/0").has("finishReason")).isFalse());
    }

    @Test
    void keyInTheQueryWorksAndIsNeverRecorded() {
        HttpResponse<String> response = send("POST",
                FLASH + ":generateContent?key=AIza-query-secret-7777", null, HELLO + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        ReceivedRequest received = running.mock.received().getLast();
        assertThat(received.path()).isEqualTo(FLASH + ":generateContent");
        assertThat(received.keyLast4()).isEqualTo("7777");
        assertThat(received.model()).isEqualTo("gemini-2.5-flash");
        assertThat(received.toString()).doesNotContain("query-secret");
        assertThat(running.send("GET", "/_mock/requests", null, null).body()).doesNotContain("query-secret");
    }

    @Test
    void headerKeyIsNeverRecordedEither() {
        send("POST", FLASH + ":streamGenerateContent?alt=sse", "AIza-header-secret-8888", HELLO + "}");

        ReceivedRequest received = running.mock.received().getLast();
        assertThat(received.stream()).isTrue();
        assertThat(received.headers()).doesNotContainKey("x-goog-api-key");
        assertThat(received.toString()).doesNotContain("header-secret");
    }

    @Test
    void invalidKeyIs400ApiKeyInvalidAndMissingKeyIs403() {
        HttpResponse<String> invalid = generate("AIza-invalid-key-1234", "");
        assertGoogleError(invalid, 400, "INVALID_ARGUMENT");
        JsonNode error = RunningMock.parse(invalid.body()).get("error");
        assertThat(error.get("message").asText()).isEqualTo("API key not valid. Please pass a valid API key.");
        assertThat(error.at("/details/0/@type").asText()).isEqualTo("type.googleapis.com/google.rpc.ErrorInfo");
        assertThat(error.at("/details/0/reason").asText()).isEqualTo("API_KEY_INVALID");
        assertThat(error.at("/details/0/domain").asText()).isEqualTo("googleapis.com");
        // Unlike the other wires' 401s, Google does not echo the key.
        assertThat(invalid.body()).doesNotContain("AIza-invalid");

        assertGoogleError(generate(null, ""), 403, "PERMISSION_DENIED");
    }

    @Test
    void scriptedStatusesComeInGooglesShape() {
        running.script("{\"key\":\"AIza-429\",\"status\":429,\"retry_after\":7}");
        running.script("{\"key\":\"AIza-500\",\"status\":500}");
        running.script("{\"key\":\"AIza-503\",\"status\":503}");

        HttpResponse<String> limited = generate("AIza-429", "");
        assertGoogleError(limited, 429, "RESOURCE_EXHAUSTED");
        JsonNode details = RunningMock.parse(limited.body()).at("/error/details");
        assertThat(details.findValuesAsText("@type")).contains("type.googleapis.com/google.rpc.QuotaFailure",
                "type.googleapis.com/google.rpc.RetryInfo");
        assertThat(details.findValue("retryDelay").asText()).isEqualTo("7s");
        assertThat(limited.headers().firstValue("retry-after")).isEmpty();
        assertGoogleError(generate("AIza-500", ""), 500, "INTERNAL");
        assertGoogleError(send("POST", FLASH + ":streamGenerateContent?alt=sse", "AIza-503", HELLO + "}"),
                503, "UNAVAILABLE");
    }

    @Test
    void rejectsBodiesGoogleWouldRejectWith400() {
        assertGoogleError(send("POST", FLASH + ":generateContent", "AIza-mock-1", "{\"contents\":"), 400, "INVALID_ARGUMENT");
        HttpResponse<String> openAiShaped = send("POST", FLASH + ":generateContent", "AIza-mock-1",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertGoogleError(openAiShaped, 400, "INVALID_ARGUMENT");
        assertThat(RunningMock.parse(openAiShaped.body()).at("/error/message").asText())
                .isEqualTo("Invalid JSON payload received. Unknown name \"messages\": Cannot find field.");
        HttpResponse<String> maxTokens = generate("AIza-mock-1", ",\"generationConfig\":{\"max_tokens\":5}");
        assertThat(RunningMock.parse(maxTokens.body()).at("/error/message").asText()).contains("\"max_tokens\" at 'generation_config'");
        assertGoogleError(send("POST", FLASH + ":generateContent", "AIza-mock-1", "{\"contents\":[]}"), 400, "INVALID_ARGUMENT");
        assertGoogleError(send("POST", FLASH + ":generateContent", "AIza-mock-1",
                "{\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"x\"}]}]}"), 400, "INVALID_ARGUMENT");
        // snake_case field names are accepted, as proto JSON accepts them.
        assertThat(generate("AIza-mock-1", ",\"generation_config\":{\"max_output_tokens\":2},\"system_instruction\":"
                + "{\"parts\":[{\"text\":\"Be brief\"}]}").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownUrlsGetGooglesHtml404() {
        HttpResponse<String> response = send("POST", FLASH + ":explode", "AIza-mock-1", HELLO + "}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("That\u2019s an error.");
    }

    @Test
    void v1PathsAndAnEncodedColonWorkTooWhileOpenAisV1ModelsStaysOpenAis() {
        assertThat(send("POST", "/v1/models/gemini-2.0-flash:generateContent", "AIza-mock-1", HELLO + "}").statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/v1beta/models/gemini-2.0-flash%3AgenerateContent", "AIza-mock-1", HELLO + "}")
                .statusCode()).isEqualTo(200);
        assertThat(RunningMock.parse(send("GET", "/v1/models", "AIza-mock-1", null).body()).has("models")).isTrue();
        assertThat(RunningMock.parse(running.send("GET", "/v1/models", "sk-mock-1", null).body()).get("object").asText())
                .isEqualTo("list");
    }
}
