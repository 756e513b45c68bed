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
import com.anthropic.models.messages.Tool;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SDK × wire × mode × tools matrix for one cloud upstream behind the gateway: a structured
 * credential saved (checked live against the mock), then the official OpenAI and Anthropic SDKs as
 * clients, JSON and streams, text, one tool, two parallel tools and a tool round trip, Responses
 * clients translated, a stream that fails midway ending in the client's own error event; and after
 * the run, nothing of any secret field of the credential in the logs, the responses, the database
 * or any file the gateway wrote. Each cloud (and each publisher of one) is a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CloudEndToEnd {
    /** The gateway's data directory, one per test class (a {@code @TempDir} field would be injected only before each test). */
    Path dataDir;

    Stack stack;
    LogCapture logs;
    String apiKey;
    OpenAIClient openai;
    AnthropicClient anthropic;

    /** The model a client names, such as {@code azure/gpt-4.1}. */
    abstract String model();

    /** The key the mock knows the saved credential by, for its scripts. */
    abstract String mockKey();

    /** Saves the cloud's credential for {@link #apiKey}; run once before the clients are made. */
    abstract Stack.Reply saveCredential() throws Exception;

    /** Every secret the run used (keys, secrets, the private key, tokens minted), none of which may be found written anywhere. */
    abstract List<String> secrets() throws Exception;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        dataDir = dir;
        logs = LogCapture.attach();
        stack = new Stack(dataDir);
        apiKey = stack.signup(getClass().getSimpleName().toLowerCase() + "@example.com");
        Stack.Reply saved = saveCredential();
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        assertThat(saved.json().path("credential").isObject()).as(saved.body()).isTrue();
        openai = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(apiKey).maxRetries(0).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + stack.gateway.port() + "/api").apiKey(apiKey)
                .maxRetries(0).build();
    }

    @AfterEach
    void clearScripts() throws Exception {
        stack.call("DELETE", mock("/_mock/script"), null, null);
    }

    @AfterAll
    void stop() throws Exception {
        List<String> secrets = secrets();
        openai.close();
        anthropic.close();
        stack.close();
        try {
            assertThat(secrets).isNotEmpty();
            for (String secret : secrets) {
                assertThat(SecretScan.inTexts("log", logs.lines(), secret)).isEmpty();
                assertThat(SecretScan.inTexts("response", stack.bodiesSeen, secret)).isEmpty();
                assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), secret)).isEmpty();
                assertThat(SecretScan.inFiles(dataDir, secret)).isEmpty();
            }
        } finally {
            logs.close();
        }
    }

    String mock(String path) {
        return "http://127.0.0.1:" + stack.mock.port() + path;
    }

    String mockBase() {
        return "http://127.0.0.1:" + stack.mock.port();
    }

    void script(String json) throws Exception {
        Stack.Reply r = stack.call("POST", mock("/_mock/script"), null, json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** The paths the mock was called on since the last {@code DELETE /_mock/requests}. */
    List<String> mockPaths() throws Exception {
        List<String> paths = new java.util.ArrayList<>();
        stack.call("GET", mock("/_mock/requests"), null, null).json().forEach(r -> paths.add(r.path("path").asText()));
        return paths;
    }

    private static FunctionDefinition weather() {
        return FunctionDefinition.builder().name("get_weather").description("Current weather")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", com.openai.core.JsonValue.from("object"))
                        .putAdditionalProperty("properties", com.openai.core.JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .build())
                .build();
    }

    ChatCompletionCreateParams.Builder chat(String text) {
        return ChatCompletionCreateParams.builder().model(model()).addUserMessage(text);
    }

    @Test
    void theModelIsListed() throws Exception {
        assertThat(stack.call("GET", "/api/v1/models", apiKey, null).body()).contains("\"" + model() + "\"");
    }

    @Test
    void openAiSdkJsonAndStream() {
        ChatCompletion answer = openai.chat().completions().create(chat("Say hi").build());
        assertThat(answer.choices().getFirst().message().content()).hasValueSatisfying(t -> assertThat(t).startsWith("This is a mock reply"));
        assertThat(answer.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isPositive());
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (var stream = openai.chat().completions().createStreaming(chat("Say hi").build())) {
            stream.stream().forEach(acc::accumulate);
        }
        assertThat(acc.chatCompletion().choices().getFirst().message().content()).hasValueSatisfying(t -> assertThat(t).startsWith("This is"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void openAiSdkToolCallsJsonAndStreamThenTheRoundTrip(int calls) throws Exception {
        if (calls > 1) script("{\"key\":\"" + mockKey() + "\",\"parallel_tool_calls\":" + calls + "}");
        ChatCompletionCreateParams ask = chat("What's the weather in Boston?")
                .addTool(ChatCompletionFunctionTool.builder().function(weather()).build()).build();
        ChatCompletion answer = openai.chat().completions().create(ask);
        List<ChatCompletionMessageToolCall> toolCalls = answer.choices().getFirst().message().toolCalls().orElseThrow();
        assertThat(toolCalls).hasSize(calls);
        assertThat(toolCalls.getFirst().asFunction().function().arguments()).contains("Boston");
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (var stream = openai.chat().completions().createStreaming(ask)) {
            stream.stream().forEach(acc::accumulate);
        }
        assertThat(acc.chatCompletion().choices().getFirst().message().toolCalls().orElseThrow()).hasSize(calls);
        ChatCompletionCreateParams.Builder next = chat("What's the weather in Boston?")
                .addTool(ChatCompletionFunctionTool.builder().function(weather()).build())
                .addMessage(answer.choices().getFirst().message());
        for (ChatCompletionMessageToolCall call : toolCalls) {
            next.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.asFunction().id()).content("Sunny, 22 C").build());
        }
        ChatCompletion after = openai.chat().completions().create(next.build());
        assertThat(after.choices().getFirst().message().content()).hasValueSatisfying(t -> assertThat(t).startsWith("This is"));
        assertThat(after.choices().getFirst().finishReason().asString()).isEqualTo("stop");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void anthropicSdkJsonAndStreamWithTextOneOrTwoTools(int calls) throws Exception {
        if (calls > 1) script("{\"key\":\"" + mockKey() + "\",\"parallel_tool_calls\":" + calls + "}");
        MessageCreateParams.Builder b = MessageCreateParams.builder().model(model()).maxTokens(512)
                .addUserMessage(calls == 0 ? "Say hi" : "What's the weather in Boston?");
        if (calls > 0) {
            b.addTool(Tool.builder().name("get_weather").inputSchema(Tool.InputSchema.builder()
                    .properties(JsonValue.from(Map.of("location", Map.of("type", "string")))).build()).build());
        }
        MessageCreateParams params = b.build();
        Message message = anthropic.messages().create(params);
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(params)) {
            stream.stream().forEach(acc::accumulate);
        }
        for (Message m : List.of(message, acc.message())) {
            if (calls == 0) {
                assertThat(m.content().getFirst().text().orElseThrow().text()).startsWith("This is a mock reply");
            } else {
                List<ContentBlock> uses = m.content().stream().filter(ContentBlock::isToolUse).toList();
                assertThat(uses).hasSize(calls);
                assertThat(uses.getFirst().asToolUse().name()).isEqualTo("get_weather");
            }
            assertThat(m.usage().outputTokens()).isPositive();
        }
    }

    @Test
    void responsesClientsAreTranslatedToo() throws Exception {
        Stack.Reply r = stack.call("POST", "/api/v1/responses", apiKey, "{\"model\":\"" + model() + "\",\"input\":\"Say hi\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("This is a mock reply");
        Stack.Reply s = stack.call("POST", "/api/v1/responses", apiKey, "{\"model\":\"" + model() + "\",\"input\":\"Say hi\",\"stream\":true}");
        assertThat(s.body()).contains("response.completed", "mock");
    }

    @Test
    void aStreamFailingMidwayEndsWithTheClientsErrorEvent() throws Exception {
        script("{\"key\":\"" + mockKey() + "\",\"fault\":\"error_mid_stream\"}");
        Stack.Reply r = stack.call("POST", "/api/v1/chat/completions", apiKey, "{\"model\":\"" + model() + "\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");
        assertThat(r.body()).contains("\"error\"").doesNotContain("[DONE]");
        assertThat(r.body()).contains("This");
    }
}
