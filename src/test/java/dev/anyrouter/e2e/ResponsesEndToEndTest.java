package dev.anyrouter.e2e;

import static dev.anyrouter.spec.ResponsesFixtures.events;
import static dev.anyrouter.spec.ResponsesFixtures.text;
import static dev.anyrouter.spec.ResponsesFixtures.weatherTool;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.protocol.Fixtures;
import dev.anyrouter.spec.OpenAiSchemas;
import dev.anyrouter.spec.ResponsesStreamRules;
import dev.anyrouter.spec.ResponsesFixtures.Event;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * openai-java's Responses client pointed at AnyRouter, with the mock's OpenAI Responses wire behind
 * it: the request passed through as it is, on the same keys, failover, credits and logs as chat.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponsesEndToEndTest {
    @TempDir
    static Path dataDir;

    private static final String MODEL = "openai/gpt-4.1-mini";
    private static final String ADMIN_TOKEN = "operator-token-for-tests-0123456789";
    private static final PriceBook PRICES = PriceBook.of(Map.of(MODEL, ModelPrice.usd("0.40", "1.60")));

    Stack stack;
    OpenAIClient client;
    String apiKey;

    @BeforeAll
    void start() throws Exception {
        stack = new Stack(dataDir, Map.of("admin-token", ADMIN_TOKEN), PRICES, Clock.systemUTC());
        apiKey = stack.signup("responses@example.com");
        Stack.Reply saved = stack.addKey(apiKey, "sk-mock-resp-0001", "primary");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        client = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(apiKey).maxRetries(0).build();
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        stack.close();
    }

    private Stack.Reply post(String key, String json) throws Exception {
        return stack.call("POST", "/api/v1/responses", key, json);
    }

    @Test
    void answersWithATypedResponseAndUsage() {
        Response response = client.responses().create(ResponseCreateParams.builder().model(MODEL)
                .instructions("Be brief.").input("Say hi").build());
        assertThat(response.id()).startsWith("resp_");
        assertThat(text(response)).isNotBlank();
        assertThat(response.usage().orElseThrow().inputTokens()).isPositive();
        assertThat(response.usage().orElseThrow().outputTokens()).isPositive();
        assertThat(stack.mock.received()).anySatisfy(r -> {
            assertThat(r.path()).isEqualTo("/v1/responses");
            assertThat(r.model()).isEqualTo("gpt-4.1-mini");
            assertThat(r.keyLast4()).isEqualTo("0001");
        });
    }

    @Test
    void runsAFunctionCallAndSendsItsOutputBack() {
        EasyInputMessage question = EasyInputMessage.builder().role(EasyInputMessage.Role.USER)
                .content("What is the weather in Paris?").build();
        Response first = client.responses().create(ResponseCreateParams.builder().model(MODEL)
                .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(question))).addTool(weatherTool()).build());
        ResponseFunctionToolCall call = first.output().getFirst().asFunctionCall();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.arguments()).contains("Paris");

        Response second = client.responses().create(ResponseCreateParams.builder().model(MODEL)
                .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(question), ResponseInputItem.ofFunctionCall(call),
                        ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                .callId(call.callId()).output("{\"celsius\":21}").build())))
                .addTool(weatherTool()).build());
        assertThat(text(second)).isNotBlank();
        assertThat(second.usage()).isPresent();
    }

    @Test
    void runsTwoFunctionCallsInOneTurn() {
        Response response = client.responses().create(ResponseCreateParams.builder().model(MODEL)
                .input("Compare the weather in Paris with the weather in Tokyo").addTool(weatherTool()).build());
        assertThat(response.output()).hasSize(2).allSatisfy(item -> assertThat(item.isFunctionCall()).isTrue());
    }

    @Test
    void streamsThroughTheSdkEndingWithUsageAndWholeItems() {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                ResponseCreateParams.builder().model(MODEL).input("Say hi").build())) {
            stream.stream().forEach(events::add);
        }
        assertThat(events.getFirst().isCreated()).isTrue();
        assertThat(events.getLast().isCompleted()).isTrue();
        StringBuilder deltas = new StringBuilder();
        events.stream().filter(ResponseStreamEvent::isOutputTextDelta).forEach(e -> deltas.append(e.asOutputTextDelta().delta()));
        assertThat(deltas).isNotEmpty();
        assertThat(events).filteredOn(ResponseStreamEvent::isOutputItemDone).singleElement()
                .satisfies(done -> assertThat(done.asOutputItemDone().item().asMessage().content().getFirst()
                        .asOutputText().text()).isEqualTo(deltas.toString()));
        assertThat(events.getLast().asCompleted().response().usage().orElseThrow().outputTokens()).isPositive();
    }

    @Test
    void streamsFunctionCallsThroughTheSdk() {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams.builder()
                .model(MODEL).input("weather in Paris?").addTool(weatherTool()).build())) {
            stream.stream().forEach(events::add);
        }
        assertThat(events).anySatisfy(e -> assertThat(e.isFunctionCallArgumentsDelta()).isTrue());
        assertThat(events).filteredOn(ResponseStreamEvent::isFunctionCallArgumentsDone).singleElement()
                .satisfies(done -> assertThat(done.asFunctionCallArgumentsDone().arguments()).contains("Paris"));
        assertThat(events).filteredOn(ResponseStreamEvent::isOutputItemDone).singleElement()
                .satisfies(done -> assertThat(done.asOutputItemDone().item().asFunctionCall().callId()).startsWith("call_"));
    }

    @Test
    void whatTheClientReceivesConformsToTheSpec() throws Exception {
        Stack.Reply json = post(apiKey, "{\"model\":\"" + MODEL + "\",\"input\":\"hi\"}");
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        OpenAiSchemas.get().assertValid("Response", json.json());

        Stack.Reply streamed = post(apiKey, "{\"model\":\"" + MODEL + "\",\"stream\":true,\"input\":\"weather and weather\","
                + "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}]}");
        List<Event> events = events(streamed.body());
        JsonNode response = ResponsesStreamRules.check(events);
        assertThat(events.getLast().name()).isEqualTo("response.completed");
        assertThat(events).filteredOn(e -> e.name().equals("response.output_item.done")).hasSize(2);
        assertThat(response.at("/usage/is_byok").asBoolean()).as("the usage also says who paid").isTrue();
    }

    @Test
    void passesTheRecordedCodexRequestThroughAsItIs() throws Exception {
        ObjectNode codex = (ObjectNode) Fixtures.json("openai/responses-request-codex.json");
        codex.put("model", MODEL);
        Stack.Reply streamed = post(apiKey, codex.toString());
        assertThat(streamed.status()).as(streamed.body()).isEqualTo(200);
        JsonNode response = ResponsesStreamRules.check(events(streamed.body()));
        // The mock echoes what it was sent: the hosted tool, store and the cache key travelled untouched.
        assertThat(response.get("store").asBoolean()).isFalse();
        assertThat(response.get("prompt_cache_key").asText()).isEqualTo("0199a3c4-5f1e-7d62-9b1a-3c2e8f4d6a10");
        assertThat(response.get("tools").findValuesAsText("type")).contains("web_search", "namespace");
        assertThat(streamed.headers()).doesNotContainKey("x-anyrouter-dropped-params");

        Stack.Reply json = post(apiKey, codex.put("stream", false).toString());
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        OpenAiSchemas.get().assertValid("Response", json.json());
    }

    @Test
    void forwardsPreviousResponseIdToOpenAi() throws Exception {
        Stack.Reply first = post(apiKey, "{\"model\":\"" + MODEL + "\",\"input\":\"one\"}");
        String id = first.json().get("id").asText();
        Stack.Reply next = post(apiKey, "{\"model\":\"" + MODEL + "\",\"previous_response_id\":\"" + id + "\",\"input\":\"two\"}");
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(next.json().get("previous_response_id").asText()).isEqualTo(id);

        Stack.Reply unknown = post(apiKey, "{\"model\":\"" + MODEL + "\",\"previous_response_id\":\"resp_nope\",\"input\":\"two\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/error/code").asText()).isEqualTo("previous_response_not_found");
    }

    @Test
    void upstreamErrorsComeInOpenAisShapeWithoutTheKey() throws Exception {
        String key = stack.signup("responses-errors@example.com");
        assertThat(stack.addKey(key, "sk-mock-resp-broken-9999", "broken").status()).isEqualTo(201);
        // The mock's 401 body quotes the whole key, as OpenAI's does.
        stack.scriptMock("sk-mock-resp-broken-9999", 401);
        Stack.Reply reply = post(key, "{\"model\":\"" + MODEL + "\",\"input\":\"hi\"}");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().at("/error/message").asText()).contains("broken").doesNotContain("sk-mock-resp-broken");
        assertThat(reply.body()).doesNotContain("sk-mock-resp-broken-9999");
    }

    @Test
    void aStreamCutShortEndsWithAnErrorEventNumberedAfterTheLast() throws Exception {
        String key = stack.signup("responses-cut@example.com");
        assertThat(stack.addKey(key, "sk-mock-resp-cut-0002", "cut").status()).isEqualTo(201);
        Stack.Reply scripted = stack.call("POST", "http://127.0.0.1:" + stack.mock.port() + "/_mock/script", null,
                "{\"key\":\"sk-mock-resp-cut-0002\",\"fault\":\"no_done\",\"times\":1}");
        assertThat(scripted.status()).isEqualTo(200);
        List<Event> events = events(post(key, "{\"model\":\"" + MODEL + "\",\"stream\":true,\"input\":\"hi\"}").body());
        Event last = events.getLast();
        assertThat(last.name()).isEqualTo("error");
        assertThat(last.data().get("code").asText()).isEqualTo("upstream_stream_incomplete");
        assertThat(last.data().get("sequence_number").asInt())
                .isEqualTo(events.get(events.size() - 2).data().get("sequence_number").asInt() + 1);
        OpenAiSchemas.get().assertValid("ResponseStreamEvent", last.data());
        assertThat(waitForLog(key, 502)).isTrue();
    }

    @Test
    void logsResponsesWithTheKeyAliasAndTokens() throws Exception {
        client.responses().create(ResponseCreateParams.builder().model(MODEL).input("log me").build());
        assertThat(waitForLog(apiKey, 200)).isTrue();
        JsonNode logs = stack.call("GET", "/api/v1/logs", apiKey, null).json().get("data");
        assertThat(logs).anySatisfy(entry -> {
            assertThat(entry.get("key_alias").asText()).isEqualTo("primary");
            assertThat(entry.get("model").asText()).isEqualTo(MODEL);
            assertThat(entry.get("input_tokens").asLong()).isPositive();
            assertThat(entry.get("output_tokens").asLong()).isPositive();
        });
    }

    private boolean waitForLog(String key, int status) throws Exception {
        for (int i = 0; i < 50; i++) {
            for (JsonNode entry : stack.call("GET", "/api/v1/logs", key, null).json().get("data")) {
                if (entry.path("status").asInt() == status) return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void failsOverToTheNextKeyBeforeTheFirstByteForJsonAndStreams() throws Exception {
        String key = stack.signup("responses-failover@example.com");
        String flaky = "sk-mock-resp-flaky-aaaa";
        for (String[] k : List.of(new String[] {flaky, "flaky", "1"}, new String[] {"sk-mock-resp-steady-bbbb", "steady", "2"})) {
            Stack.Reply saved = stack.call("POST", "/api/v1/byok", key, "{\"provider\":\"openai\",\"key\":\"" + k[0]
                    + "\",\"alias\":\"" + k[1] + "\",\"priority\":" + k[2] + ",\"base_url\":\"" + stack.mockBase() + "\"}");
            assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        }
        for (boolean stream : List.of(false, true)) {
            stack.call("POST", "http://127.0.0.1:" + stack.mock.port() + "/_mock/script", null,
                    "{\"key\":\"" + flaky + "\",\"status\":503,\"times\":1}");
            Stack.Reply served = post(key, "{\"model\":\"" + MODEL + "\",\"stream\":" + stream + ",\"input\":\"hi\"}");
            assertThat(served.status()).as(served.body()).isEqualTo(200);
            if (stream) assertThat(ResponsesStreamRules.check(events(served.body())).path("status").asText()).isEqualTo("completed");
            JsonNode log = log(key, served.headers().get("x-anyrouter-request-id").getFirst());
            List<String> outcomes = new ArrayList<>();
            log.get("attempts").forEach(a -> outcomes.add(a.get("key").asText() + ": " + a.get("outcome").asText()));
            assertThat(outcomes).as("stream=" + stream).containsExactly("flaky: 503 next key", "steady: ok");
            assertThat(log.get("key_alias").asText()).isEqualTo("steady");
            assertThat(log.get("output_tokens").asLong()).isPositive();
        }
    }

    @Test
    void creditsServeAResponseAndAreDebitedOnce() throws Exception {
        String key = stack.signup("responses-credits@example.com");
        Stack.Reply op = stack.call("POST", "/api/v1/admin/provider-keys", ADMIN_TOKEN, "{\"provider\":\"openai\",\"key\":"
                + "\"sk-mock-operator-9999\",\"alias\":\"house\",\"base_url\":\"" + stack.mockBase() + "\"}");
        assertThat(op.status()).as(op.body()).isEqualTo(201);
        assertThat(stack.call("PUT", "/api/v1/byok/pools/openai", key, "{\"strategy\":\"fallback\",\"fallback_to_credits\":true}")
                .status()).isEqualTo(200);

        Stack.Reply served = post(key, "{\"model\":\"" + MODEL + "\",\"input\":\"hi\",\"max_output_tokens\":100}");
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        assertThat(served.headers().get("x-anyrouter-billing")).containsExactly("credits");
        JsonNode usage = served.json().get("usage");
        long expected = PRICES.price(MODEL).orElseThrow().costMicros(usage.get("input_tokens").asLong(),
                usage.get("output_tokens").asLong(), usage.at("/input_tokens_details/cached_tokens").asLong());
        assertThat(usage.get("cost").asDouble()).isEqualTo(expected / 1_000_000.0).isPositive();
        String requestId = served.headers().get("x-anyrouter-request-id").getFirst();
        JsonNode credits = null;
        for (int i = 0; i < 100; i++) {
            credits = stack.call("GET", "/api/v1/credits", key, null).json();
            if (credits.get("held_usd").asDouble() == 0 && credits.get("entries").size() == 2) break;
            Thread.sleep(50);
        }
        assertThat(credits.get("entries")).filteredOn(e -> e.get("kind").asText().equals("debit")).singleElement()
                .satisfies(e -> assertThat(e.get("request_id").asText()).isEqualTo(requestId));
        assertThat(log(key, requestId).get("status").asInt()).isEqualTo(200);
    }

    private JsonNode log(String key, String requestId) throws Exception {
        for (int i = 0; i < 100; i++) {
            Stack.Reply r = stack.call("GET", "/api/v1/logs/" + requestId, key, null);
            if (r.status() == 200) return r.json();
            Thread.sleep(50);
        }
        throw new AssertionError("no log for request " + requestId);
    }

    @Test
    void modelsAreListedInTheShapeBothSdkGenerationsAccept() throws Exception {
        JsonNode list = stack.call("GET", "/api/v1/models", apiKey, null).json();
        OpenAiSchemas.get().assertValid("ListModelsResponse", list);
        assertThat(list.get("data")).isNotEmpty().allSatisfy(model -> {
            OpenAiSchemas.get().assertValid("Model", model);
            assertThat(model.get("created").isIntegralNumber()).isTrue();
        });
        client.models().list().data().forEach(model -> assertThat(model.validate().id()).startsWith("openai/"));
    }
}
