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
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Amazon Bedrock behind the gateway, end to end: an IAM credential saved (checked live against the
 * mock's control plane, which verifies the SigV4 signature with its own implementation), then the
 * official OpenAI and Anthropic SDKs as clients, JSON and streams (ConverseStream's binary event
 * stream), text, one tool, two parallel tools and a tool round trip; a stream ending in an
 * exception frame ends in the client's wire ({@link BedrockFailoverTest} has the failover); and nothing of the secret access key is anywhere the run wrote.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BedrockEndToEndTest {
    static final String MODEL = "bedrock/amazon.nova-pro-v1:0";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @TempDir
    static Path dataDir;

    Stack stack;
    LogCapture logs;
    String apiKey;
    OpenAIClient openai;
    AnthropicClient anthropic;

    @BeforeAll
    void start() throws Exception {
        logs = LogCapture.attach();
        stack = new Stack(dataDir);
        apiKey = stack.signup("bedrock@example.com");
        Stack.Reply saved = save("AKIDEXAMPLE", SECRET, "aws-primary", 1);
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
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
        openai.close();
        anthropic.close();
        stack.close();
        try {
            for (String secret : List.of(SECRET)) {
                assertThat(SecretScan.inTexts("log", logs.lines(), secret)).isEmpty();
                assertThat(SecretScan.inTexts("response", stack.bodiesSeen, secret)).isEmpty();
                assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), secret)).isEmpty();
                assertThat(SecretScan.inFiles(dataDir, secret)).isEmpty();
            }
        } finally {
            logs.close();
        }
    }

    private String mock(String path) {
        return "http://127.0.0.1:" + stack.mock.port() + path;
    }

    Stack.Reply save(String id, String secret, String alias, int priority) throws Exception {
        return stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"bedrock\",\"key\":{\"access_key_id\":\"" + id
                + "\",\"secret_access_key\":\"" + secret + "\",\"region\":\"us-east-1\"},\"alias\":\"" + alias + "\",\"priority\":"
                + priority + ",\"base_url\":\"http://127.0.0.1:" + stack.mock.port() + "\"}");
    }

    private static FunctionDefinition weather() {
        return FunctionDefinition.builder().name("get_weather").description("Current weather")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", com.openai.core.JsonValue.from("object"))
                        .putAdditionalProperty("properties", com.openai.core.JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .build())
                .build();
    }

    private ChatCompletionCreateParams.Builder chat(String text) {
        return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage(text);
    }

    @Test
    void theCredentialIsListedByItsRegionAndKeyIdNeverItsSecret() throws Exception {
        Stack.Reply list = stack.call("GET", "/api/v1/byok", apiKey, null);
        JsonNode key = list.json().get("data").get(0);
        assertThat(key.path("credential").path("region").asText()).isEqualTo("us-east-1");
        assertThat(key.path("credential").path("access_key_id").asText()).isEqualTo("AKIDEXAMPLE");
        assertThat(list.body()).doesNotContain(SECRET);
        Stack.Reply models = stack.call("GET", "/api/v1/models", apiKey, null);
        assertThat(models.body()).contains(MODEL, "bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0");
    }

    @Test
    void aCredentialTheUpstreamRefusesIsNotStored() throws Exception {
        Stack.Reply wrong = save("AKIDEXAMPLE", SECRET.replace('w', 'W'), "wrong", 5);
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(422);
        assertThat(wrong.json().path("error").path("code").asText()).isEqualTo("key_rejected");
        Stack.Reply unknown = save("AKIDNOBODYKNOWS1", SECRET, "unknown", 5);
        assertThat(unknown.status()).isEqualTo(422);
        Stack.Reply malformed = stack.call("POST", "/api/v1/byok", apiKey,
                "{\"provider\":\"bedrock\",\"key\":{\"access_key_id\":\"AKIDEXAMPLE\",\"secret_access_key\":\"" + SECRET + "\"}}");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("error").path("message").asText()).contains("'region'").doesNotContain(SECRET);
        assertThat(stack.call("GET", "/api/v1/byok", apiKey, null).json().get("data")).hasSize(1);
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
        if (calls > 1) script("{\"key\":\"AKIDEXAMPLE\",\"parallel_tool_calls\":" + calls + "}");
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
        if (calls > 1) script("{\"key\":\"AKIDEXAMPLE\",\"parallel_tool_calls\":" + calls + "}");
        MessageCreateParams.Builder b = MessageCreateParams.builder().model(MODEL).maxTokens(512)
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
        Stack.Reply r = stack.call("POST", "/api/v1/responses", apiKey, "{\"model\":\"" + MODEL + "\",\"input\":\"Say hi\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("This is a mock reply");
        Stack.Reply s = stack.call("POST", "/api/v1/responses", apiKey, "{\"model\":\"" + MODEL + "\",\"input\":\"Say hi\",\"stream\":true}");
        assertThat(s.body()).contains("response.completed", "mock");
    }

    @Test
    void aStreamEndingInAnExceptionFrameEndsWithTheClientsErrorEvent() throws Exception {
        script("{\"key\":\"AKIDEXAMPLE\",\"fault\":\"error_mid_stream\"}");
        Stack.Reply r = stack.call("POST", "/api/v1/chat/completions", apiKey, "{\"model\":\"" + MODEL + "\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");
        assertThat(r.body()).contains("\"error\"").doesNotContain("[DONE]");
        assertThat(r.body()).contains("This");
    }

    private void script(String json) throws Exception {
        Stack.Reply r = stack.call("POST", mock("/_mock/script"), null, json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

}
