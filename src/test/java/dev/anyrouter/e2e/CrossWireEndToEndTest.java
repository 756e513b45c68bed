package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.anyrouter.e2e.WireStub.Scenario;
import dev.anyrouter.protocol.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The matrix {openai-java, anthropic-java} × {OpenAI, Anthropic, Gemini upstream} × {JSON, stream}
 * × {text, parallel tool calls}, against a stub upstream that answers with each provider's
 * recorded payloads, plus what the gateway must send upstream (Claude Code's request untouched,
 * keys only in headers, images carried, versions chosen). The SDKs' own typed objects are checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossWireEndToEndTest {
    @TempDir
    static Path dataDir;

    Stack stack;
    WireStub stub;
    String apiKey;
    AnthropicClient anthropic;
    OpenAIClient openai;

    @BeforeAll
    void start() throws Exception {
        stack = new Stack(dataDir);
        stub = new WireStub();
        apiKey = stack.signup("cross@example.com");
        for (String[] key : List.of(new String[] {"openai", "sk-stub-openai-0001", stub.base() + "/v1"},
                new String[] {"anthropic", "sk-ant-stub-0002", stub.base()}, new String[] {"google", "AIzaStubKey0003", stub.base()})) {
            Stack.Reply saved = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"" + key[0] + "\",\"key\":\"" + key[1]
                    + "\",\"alias\":\"" + key[0] + "\",\"base_url\":\"" + key[2] + "\"}");
            assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        }
        anthropic = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + stack.gateway.port() + "/api")
                .apiKey(apiKey).maxRetries(0).responseValidation(true).build();
        openai = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(apiKey).maxRetries(0).build();
    }

    @AfterAll
    void stop() throws Exception {
        anthropic.close();
        openai.close();
        stub.close();
        stack.close();
    }

    static Stream<Arguments> models() {
        return Stream.of(Arguments.of("openai/gpt-4o"), Arguments.of("anthropic/claude-sonnet-4-5"),
                Arguments.of("google/gemini-2.5-flash")).flatMap(a -> Stream.of(Arguments.of(a.get()[0], false),
                Arguments.of(a.get()[0], true)));
    }

    // ---- openai-java ----

    private ChatCompletion openAiAsk(String model, boolean stream, boolean tools) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model(model).addUserMessage("Weather?");
        if (tools) {
            params.addFunctionTool(FunctionDefinition.builder().name("get_current_weather").description("weather")
                    .parameters(FunctionParameters.builder().putAdditionalProperty("type", com.openai.core.JsonValue.from("object"))
                            .putAdditionalProperty("properties", com.openai.core.JsonValue.from(Map.of("location", Map.of("type", "string"))))
                            .build()).build());
        }
        if (!stream) return openai.chat().completions().create(params.build());
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        try (var s = openai.chat().completions().createStreaming(params.build())) {
            s.stream().forEach(accumulator::accumulate);
        }
        return accumulator.chatCompletion();
    }

    @ParameterizedTest(name = "openai-java -> {0}, stream={1}")
    @MethodSource("models")
    void openAiSdkGetsTextWithStopAndUsage(String model, boolean stream) {
        stub.answer(Scenario.TEXT);
        ChatCompletion c = openAiAsk(model, stream, false);
        assertThat(c.choices().getFirst().message().content()).get().asString().isNotBlank();
        assertThat(c.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(c.usage()).isPresent();
        assertThat(c.usage().get().promptTokens()).isPositive();
        assertThat(c.usage().get().completionTokens()).isPositive();
    }

    @ParameterizedTest(name = "openai-java tools -> {0}, stream={1}")
    @MethodSource("models")
    void openAiSdkGetsTwoParallelToolCallsWithIdsNamesAndArguments(String model, boolean stream) {
        stub.answer(Scenario.PARALLEL_TOOLS);
        ChatCompletion c = openAiAsk(model, stream, true);
        ChatCompletion.Choice choice = c.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        List<ChatCompletionMessageFunctionToolCall> calls = choice.message().toolCalls().orElseThrow().stream()
                .map(t -> t.asFunction()).toList();
        assertThat(calls).hasSize(2);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.id()).isNotBlank();
            assertThat(call.function().name()).isIn("get_current_weather", "get_weather");
            assertThat(Json.parse(call.function().arguments().getBytes()).path("location").asText()).isNotBlank();
        });
        assertThat(calls.get(0).id()).isNotEqualTo(calls.get(1).id());
        assertThat(c.usage().get().promptTokens()).isPositive();
    }

    // ---- anthropic-java ----

    private Message anthropicAsk(String model, boolean stream, boolean tools) {
        MessageCreateParams.Builder params = MessageCreateParams.builder().model(model).maxTokens(512).addUserMessage("Weather?");
        if (tools) {
            params.addTool(Tool.builder().name("get_weather").description("weather")
                    .inputSchema(Tool.InputSchema.builder().properties(JsonValue.from(Map.of("location", Map.of("type", "string")))).build())
                    .build());
        }
        if (!stream) return anthropic.messages().create(params.build());
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = anthropic.messages().createStreaming(params.build())) {
            s.stream().forEach(accumulator::accumulate);
        }
        return accumulator.message();
    }

    @ParameterizedTest(name = "anthropic-java -> {0}, stream={1}")
    @MethodSource("models")
    void anthropicSdkGetsTextWithStopAndUsage(String model, boolean stream) {
        stub.answer(Scenario.TEXT);
        Message m = anthropicAsk(model, stream, false);
        assertThat(m.content()).filteredOn(ContentBlock::isText).isNotEmpty()
                .allSatisfy(b -> assertThat(b.asText().text()).isNotBlank());
        assertThat(m.stopReason()).contains(StopReason.END_TURN);
        assertThat(m.usage().inputTokens()).isPositive();
        assertThat(m.usage().outputTokens()).isPositive();
    }

    @ParameterizedTest(name = "anthropic-java tools -> {0}, stream={1}")
    @MethodSource("models")
    void anthropicSdkGetsTwoParallelToolUseBlocks(String model, boolean stream) {
        stub.answer(Scenario.PARALLEL_TOOLS);
        Message m = anthropicAsk(model, stream, true);
        assertThat(m.stopReason()).contains(StopReason.TOOL_USE);
        List<ToolUseBlock> calls = m.content().stream().filter(ContentBlock::isToolUse).map(ContentBlock::asToolUse).toList();
        assertThat(calls).hasSize(2);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.id()).isNotBlank();
            assertThat(call.name()).isIn("get_current_weather", "get_weather");
            assertThat(call._input().toString()).contains("location");
        });
        assertThat(calls.get(0).id()).isNotEqualTo(calls.get(1).id());
        assertThat(m.usage().outputTokens()).isPositive();
    }

    // ---- what reaches the upstream ----

    @Test
    void claudeCodesRequestReachesAnthropicUntouchedButForTheModel() throws Exception {
        stub.answer(Scenario.TEXT);
        String body = new String(WireStub.class.getResourceAsStream("/wire/anthropic/request-claude-code.json").readAllBytes())
                .replace("claude-sonnet-4-5-20250929", "claude-3-5-haiku-20241022");
        Stack.Reply reply = stack.call("POST", "/api/v1/messages?beta=true", null, body, Map.of("x-api-key", apiKey,
                "anthropic-version", "2023-06-01",
                "anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).startsWith("event: message_start");
        WireStub.Received sent = stub.last();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.headers().get("anthropic-beta"))
                .isEqualTo("claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14");
        assertThat(sent.headers().get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.headers().get("x-api-key")).isEqualTo("sk-ant-stub-0002");
        JsonNode expected = Json.parse(body.getBytes());
        assertThat(sent.body()).isEqualTo(expected);
    }

    @Test
    void theSdksNewVersionGoesOutWithABearerKeyAndSamplingFallsBackTo2023() {
        stub.answer(Scenario.TEXT);
        anthropicAsk("anthropic/claude-sonnet-4-5", false, false);
        WireStub.Received plain = stub.last();
        assertThat(plain.headers().get("anthropic-version")).isEqualTo("2026-10-21");
        assertThat(plain.headers().get("authorization")).isEqualTo("Bearer sk-ant-stub-0002");
        assertThat(plain.headers().get("x-api-key")).isNull();

        anthropic.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64)
                .putAdditionalBodyProperty("temperature", JsonValue.from(0.3)).addUserMessage("hi").build());
        WireStub.Received sampled = stub.last();
        assertThat(sampled.headers().get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sampled.headers().get("x-api-key")).isEqualTo("sk-ant-stub-0002");
        assertThat(sampled.body().path("temperature").asDouble()).isEqualTo(0.3);
    }

    @Test
    void geminiGetsTheKeyOnlyInItsHeaderAndTheStreamingEndpoint() {
        stub.answer(Scenario.TEXT);
        openAiAsk("google/gemini-2.5-flash", true, false);
        WireStub.Received sent = stub.last();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
        assertThat(sent.query()).isEqualTo("alt=sse");
        assertThat(sent.headers().get("x-goog-api-key")).isEqualTo("AIzaStubKey0003");
        assertThat(sent.query()).doesNotContain("AIza");
        assertThat(sent.body().path("contents").get(0).path("parts").get(0).path("text").asText()).isEqualTo("Weather?");
    }

    @Test
    void anImageFromAnOpenAiClientReachesAnthropicAsAnImageBlock() {
        stub.answer(Scenario.TEXT);
        String data = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
        openai.chat().completions().create(ChatCompletionCreateParams.builder().model("anthropic/claude-sonnet-4-5")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("What is this?").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder().imageUrl(
                                ChatCompletionContentPartImage.ImageUrl.builder().url("data:image/png;base64," + data).build()).build())))
                .build());
        JsonNode image = stub.last().body().path("messages").get(0).path("content").get(1);
        assertThat(image.path("type").asText()).isEqualTo("image");
        assertThat(image.path("source").path("type").asText()).isEqualTo("base64");
        assertThat(image.path("source").path("media_type").asText()).isEqualTo("image/png");
        assertThat(image.path("source").path("data").asText()).isEqualTo(data);
    }

    @Test
    void droppedHintsAreListedInAHeader() throws Exception {
        stub.answer(Scenario.TEXT);
        Stack.Reply reply = stack.call("POST", "/api/v1/chat/completions", apiKey,
                "{\"model\":\"anthropic/claude-sonnet-4-5\",\"seed\":7,\"store\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().get("x-anyrouter-dropped-params").getFirst()).contains("store", "seed");
        assertThat(stub.last().body().has("seed")).isFalse();
    }

    @Test
    void aMidStreamUpstreamErrorBecomesTheOpenAiClientsErrorEvent() throws Exception {
        stub.answer(Scenario.MID_STREAM_ERROR);
        Stack.Reply reply = stack.call("POST", "/api/v1/chat/completions", apiKey,
                "{\"model\":\"anthropic/claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(reply.body()).contains("\"content\":\"Hel\"");
        // Re-told in the client's wire: the upstream's error type kept, its message cleaned and said to be the upstream's.
        assertThat(reply.body()).contains("\"error\":{\"message\":\"the upstream reported an error mid-stream: Overloaded\","
                + "\"type\":\"overloaded_error\"");
        assertThat(reply.body()).doesNotContain("[DONE]");
    }
}
