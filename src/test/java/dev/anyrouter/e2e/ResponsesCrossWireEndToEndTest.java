package dev.anyrouter.e2e;

import static dev.anyrouter.spec.ResponsesFixtures.events;
import static dev.anyrouter.spec.ResponsesFixtures.text;
import static dev.anyrouter.spec.ResponsesFixtures.weatherTool;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.anyrouter.protocol.Fixtures;
import dev.anyrouter.spec.OpenAiSchemas;
import dev.anyrouter.spec.ResponsesFixtures.Event;
import dev.anyrouter.spec.ResponsesStreamRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * openai-java's Responses client through AnyRouter to providers that do not serve the Responses
 * API, on the mock: Anthropic, Gemini, and a Chat-Completions-only OpenAI-compatible provider
 * (Groq). Text, one and two function calls with their outputs sent back, JSON and streams, every
 * stream held to {@link ResponsesStreamRules}; the recorded Codex request translated, its hosted
 * {@code web_search} refused unless marked optional; what needs OpenAI's storage refused clearly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponsesCrossWireEndToEndTest {
    @TempDir
    static Path dataDir;

    private static final Map<String, String> KEYS = Map.of(
            "anthropic", "sk-ant-mock-resp-0001",
            "google", "AIzaMockResponses0002",
            "groq", "gsk_mock_responses_0003");

    Stack stack;
    OpenAIClient client;
    String apiKey;

    @BeforeAll
    void start() throws Exception {
        stack = new Stack(dataDir);
        apiKey = stack.signup("responses-cross@example.com");
        String mock = "http://127.0.0.1:" + stack.mock.port();
        for (var key : KEYS.entrySet()) {
            String base = key.getKey().equals("groq") ? mock + "/v1" : mock;
            Stack.Reply saved = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"" + key.getKey() + "\",\"key\":\""
                    + key.getValue() + "\",\"alias\":\"" + key.getKey() + "\",\"base_url\":\"" + base + "\"}");
            assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        }
        client = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(apiKey).maxRetries(0).build();
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        stack.close();
    }

    private Stack.Reply post(String json, Map<String, String> headers) throws Exception {
        return stack.call("POST", "/api/v1/responses", apiKey, json, headers);
    }

    private void script(String model, String json) throws Exception {
        String provider = model.substring(0, model.indexOf('/'));
        Stack.Reply r = stack.call("POST", "http://127.0.0.1:" + stack.mock.port() + "/_mock/script", null,
                "{\"key\":\"" + KEYS.get(provider) + "\"," + json + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** A whole Response, from JSON or assembled from the stream's final event, both read by the SDK. */
    private Response create(ResponseCreateParams params, boolean stream) {
        if (!stream) return client.responses().create(params);
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(params)) {
            s.stream().forEach(events::add);
        }
        assertThat(events.getFirst().isCreated()).isTrue();
        assertThat(events.getLast().isCompleted()).as("last event %s", events.getLast()).isTrue();
        return events.getLast().asCompleted().response();
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/claude-sonnet-4-5", "google/gemini-2.5-flash", "groq/llama-3.3-70b-versatile"})
    void answersTextAsATypedResponseWithUsage(String model) throws Exception {
        for (boolean stream : List.of(false, true)) {
            Response response = create(ResponseCreateParams.builder().model(model).instructions("Be brief.").input("Say hi").build(), stream);
            assertThat(response.id()).startsWith("resp_");
            assertThat(response.status()).hasValue(com.openai.models.responses.ResponseStatus.COMPLETED);
            assertThat(text(response)).as(model + " stream=" + stream).isNotBlank();
            assertThat(response.usage().orElseThrow().inputTokens()).isPositive();
            assertThat(response.usage().orElseThrow().outputTokens()).isPositive();
        }
        Stack.Reply json = post("{\"model\":\"" + model + "\",\"input\":[{\"role\":\"developer\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of());
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        OpenAiSchemas.get().assertValid("Response", json.json());
        Stack.Reply streamed = post("{\"model\":\"" + model + "\",\"stream\":true,\"input\":\"hi\"}", Map.of());
        assertThat(streamed.headers().get("content-type").getFirst()).startsWith("text/event-stream");
        JsonNode last = ResponsesStreamRules.check(events(streamed.body()));
        assertThat(last.at("/usage/output_tokens").asLong()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/claude-sonnet-4-5", "google/gemini-2.5-flash", "groq/llama-3.3-70b-versatile"})
    void runsAFunctionCallLoopJsonAndStreamed(String model) {
        for (boolean stream : List.of(false, true)) {
            EasyInputMessage question = EasyInputMessage.builder().role(EasyInputMessage.Role.USER)
                    .content("What is the weather in Paris?").build();
            Response first = create(ResponseCreateParams.builder().model(model).parallelToolCalls(true)
                    .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(question))).addTool(weatherTool()).build(), stream);
            List<ResponseFunctionToolCall> calls = first.output().stream().filter(ResponseOutputItem::isFunctionCall)
                    .map(ResponseOutputItem::asFunctionCall).toList();
            assertThat(calls).as(model + " stream=" + stream).singleElement().satisfies(call -> {
                assertThat(call.name()).isEqualTo("get_weather");
                assertThat(call.callId()).isNotBlank();
                assertThat(call.arguments()).contains("location");
            });
            ResponseFunctionToolCall call = calls.getFirst();

            Response second = create(ResponseCreateParams.builder().model(model)
                    .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(question), ResponseInputItem.ofFunctionCall(call),
                            ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                    .callId(call.callId()).output("{\"celsius\":21}").build())))
                    .addTool(weatherTool()).build(), stream);
            assertThat(second.output()).noneMatch(ResponseOutputItem::isFunctionCall);
            assertThat(text(second)).isNotBlank();
            assertThat(second.usage()).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/claude-sonnet-4-5", "google/gemini-2.5-flash", "groq/llama-3.3-70b-versatile"})
    void runsTwoFunctionCallsInOneTurnAndTakesBothOutputs(String model) throws Exception {
        for (boolean stream : List.of(false, true)) {
            script(model, "\"tool_call\":true,\"parallel_tool_calls\":2,\"times\":1");
            EasyInputMessage question = EasyInputMessage.builder().role(EasyInputMessage.Role.USER)
                    .content("Compare the weather in Paris and Tokyo").build();
            Response first = create(ResponseCreateParams.builder().model(model).inputOfResponse(
                    List.of(ResponseInputItem.ofEasyInputMessage(question))).addTool(weatherTool()).build(), stream);
            List<ResponseFunctionToolCall> calls = first.output().stream().filter(ResponseOutputItem::isFunctionCall)
                    .map(ResponseOutputItem::asFunctionCall).toList();
            assertThat(calls).as(model + " stream=" + stream).hasSize(2);
            assertThat(calls.get(0).callId()).isNotEqualTo(calls.get(1).callId());

            List<ResponseInputItem> history = new ArrayList<>(List.of(ResponseInputItem.ofEasyInputMessage(question)));
            calls.forEach(c -> history.add(ResponseInputItem.ofFunctionCall(c)));
            calls.forEach(c -> history.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                    .callId(c.callId()).output("{\"celsius\":" + c.callId().length() + "}").build())));
            Response second = create(ResponseCreateParams.builder().model(model).inputOfResponse(history).addTool(weatherTool()).build(),
                    stream);
            assertThat(text(second)).isNotBlank();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/claude-sonnet-4-5", "google/gemini-2.5-flash", "groq/llama-3.3-70b-versatile"})
    void translatesTheRecordedCodexRequestWithWebSearchMarkedOptional(String model) throws Exception {
        ObjectNode codex = (ObjectNode) Fixtures.json("openai/responses-request-codex.json");
        codex.put("model", model);
        Stack.Reply streamed = post(codex.toString(), Map.of("X-AnyRouter-Optional-Tools", "web_search"));
        assertThat(streamed.status()).as(streamed.body()).isEqualTo(200);
        List<Event> events = events(streamed.body());
        JsonNode response = ResponsesStreamRules.check(events);
        assertThat(response.get("status").asText()).isEqualTo("completed");
        assertThat(response.get("tools").findValuesAsText("type")).as("the left-out tool is not claimed").doesNotContain("web_search");
        assertThat(response.at("/reasoning/summary").asText()).isEqualTo("auto");
        assertThat(streamed.headers().get("x-anyrouter-dropped-params").getFirst())
                .contains("tools[web_search]", "prompt_cache_key", "client_metadata");

        Stack.Reply json = post(codex.put("stream", false).toString(), Map.of("X-AnyRouter-Optional-Tools", "web_search"));
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        OpenAiSchemas.get().assertValid("Response", json.json());
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/claude-sonnet-4-5", "google/gemini-2.5-flash", "groq/llama-3.3-70b-versatile"})
    void refusesWhatOnlyOpenAiCanDoWithAClear400AndSendsNothingUpstream(String model) throws Exception {
        int before = stack.mock.received().size();
        ObjectNode codex = (ObjectNode) Fixtures.json("openai/responses-request-codex.json");
        codex.put("model", model);
        Stack.Reply hosted = post(codex.toString(), Map.of());
        assertThat(hosted.status()).isEqualTo(400);
        assertThat(hosted.json().at("/error/code").asText()).isEqualTo("unsupported_parameter");
        assertThat(hosted.json().at("/error/message").asText()).contains("'web_search'", "X-AnyRouter-Optional-Tools");

        Stack.Reply previous = post("{\"model\":\"" + model + "\",\"previous_response_id\":\"resp_123\",\"input\":\"hi\"}", Map.of());
        assertThat(previous.status()).isEqualTo(400);
        assertThat(previous.json().at("/error/message").asText()).contains("previous_response_id", "'input'");

        Stack.Reply unknown = post("{\"model\":\"" + model + "\",\"input\":[{\"type\":\"hologram\",\"id\":\"h1\"}]}", Map.of());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/error/message").asText()).contains("'hologram'");

        assertThat(stack.mock.received()).as("nothing reached the upstream").hasSize(before);
        String requestId = unknown.headers().get("x-anyrouter-request-id").getFirst();
        JsonNode log = null;
        for (int i = 0; i < 100 && log == null; i++) {
            Stack.Reply r = stack.call("GET", "/api/v1/logs/" + requestId, apiKey, null);
            if (r.status() == 200) log = r.json();
            else Thread.sleep(50);
        }
        assertThat(log).as("the refusal is logged").isNotNull();
        assertThat(log.get("status").asInt()).isEqualTo(400);
        assertThat(log.get("input_tokens").asLong() + log.get("output_tokens").asLong()).as("nothing billed").isZero();
    }
}
