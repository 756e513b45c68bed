package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official anthropic-java SDK pointed at {@code /api} (it appends {@code /v1/messages}), and
 * openai-java reaching an Anthropic model, against the mock upstream: same wire and across wires,
 * JSON and streaming, as a user's program would use them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnthropicSdkEndToEndTest {
    @TempDir
    static Path dataDir;

    Stack stack;
    String apiKey;
    AnthropicClient anthropic;
    OpenAIClient openai;

    @BeforeAll
    void start() throws Exception {
        stack = new Stack(dataDir);
        apiKey = stack.signup("anthropic-sdk@example.com");
        assertThat(stack.addKey(apiKey, "sk-mock-oa-0001", "oa").status()).isEqualTo(201);
        Stack.Reply saved = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"anthropic\",\"key\":\"sk-ant-mock-0002\","
                + "\"alias\":\"an\",\"base_url\":\"http://127.0.0.1:" + stack.mock.port() + "\"}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        anthropic = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + stack.gateway.port() + "/api")
                .apiKey(apiKey).maxRetries(0).responseValidation(true).build();
        openai = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(apiKey).maxRetries(0).build();
    }

    @AfterAll
    void stop() throws Exception {
        anthropic.close();
        openai.close();
        stack.close();
    }

    private static MessageCreateParams hello(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(256).system("Be brief.").addUserMessage("Say hi").build();
    }

    @Test
    void anthropicSdkReachesAnAnthropicModelAsIs() {
        Message message = anthropic.messages().create(hello("anthropic/claude-sonnet-4-5"));
        assertThat(message.content().getFirst().asText().text()).isNotBlank();
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isPositive();
        assertThat(stack.mock.received()).anySatisfy(r -> {
            assertThat(r.path()).isEqualTo("/v1/messages");
            assertThat(r.model()).isEqualTo("claude-sonnet-4-5");
            assertThat(r.keyLast4()).isEqualTo("0002");
        });
    }

    @Test
    void anthropicSdkStreamsFromAnAnthropicModelEventByEvent() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        List<RawMessageStreamEvent> events = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(hello("claude-sonnet-4-5"))) {
            stream.stream().forEach(e -> {
                events.add(e);
                accumulator.accumulate(e);
            });
        }
        Message message = accumulator.message();
        assertThat(events.stream().filter(RawMessageStreamEvent::isContentBlockDelta).count()).isGreaterThan(1);
        assertThat(message.content().getFirst().asText().text()).isNotBlank();
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isPositive();
    }

    @Test
    void anthropicSdkReachesAnOpenAiModelTranslated() {
        Message message = anthropic.messages().create(hello("openai/gpt-4.1-mini"));
        assertThat(message._type().toString()).contains("message");
        assertThat(message.content().getFirst().asText().text()).isNotBlank();
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isPositive();
    }

    @Test
    void anthropicSdkStreamsFromAnOpenAiModelTranslated() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(hello("openai/gpt-4.1-mini"))) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();
        assertThat(message.content().getFirst().asText().text()).isNotBlank();
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isPositive();
    }

    @Test
    void openAiSdkReachesAnAnthropicModelJsonAndStream() {
        ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("anthropic/claude-sonnet-4-5").addUserMessage("Say hi").build());
        assertThat(completion.choices().getFirst().message().content()).get().asString().isNotBlank();
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().get().promptTokens()).isPositive();

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<String> pieces = new ArrayList<>();
        try (var stream = openai.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("Say hi")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                accumulator.accumulate(chunk);
                chunk.choices().forEach(c -> c.delta().content().filter(s -> !s.isEmpty()).ifPresent(pieces::add));
            });
        }
        ChatCompletion streamed = accumulator.chatCompletion();
        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(streamed.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(streamed.usage().get().completionTokens()).isPositive();
    }

    @Test
    void streamedTextReachesTheClientBeforeTheUpstreamFinishes() throws Exception {
        String key = "sk-ant-mock-slow1";
        String slowAccount = stack.signup("slow2@example.com");
        assertThat(stack.call("POST", "/api/v1/byok", slowAccount, "{\"provider\":\"anthropic\",\"key\":\"" + key
                + "\",\"alias\":\"slow\",\"base_url\":\"http://127.0.0.1:" + stack.mock.port() + "\"}").status()).isEqualTo(201);
        Stack.Reply scripted = stack.call("POST", "http://127.0.0.1:" + stack.mock.port() + "/_mock/script", null,
                "{\"key\":\"" + key + "\",\"status\":200,\"chunks\":6,\"chunk_interval_ms\":250}");
        assertThat(scripted.status() / 100).isEqualTo(2);
        List<Long> arrivals = new ArrayList<>();
        long start = System.nanoTime();
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(slowAccount).maxRetries(0).build();
        try (var stream = client.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                     .model("anthropic/claude-sonnet-4-5").addUserMessage("Say hi").build())) {
            stream.stream().forEach(chunk -> {
                if (chunk.choices().stream().anyMatch(c -> c.delta().content().filter(s -> !s.isEmpty()).isPresent())) {
                    arrivals.add((System.nanoTime() - start) / 1_000_000);
                }
            });
        }
        long end = (System.nanoTime() - start) / 1_000_000;
        client.close();
        assertThat(arrivals).hasSizeGreaterThanOrEqualTo(6);
        assertThat(end - arrivals.getFirst()).as("ms between the first delta and the end").isGreaterThan(800);
    }

    @Test
    void errorsTakeTheAnthropicShape() throws Exception {
        Stack.Reply noKey = stack.call("POST", "/api/v1/messages", null,
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.json().path("type").asText()).isEqualTo("error");
        assertThat(noKey.json().path("error").path("type").asText()).isEqualTo("authentication_error");

        Stack.Reply badJson = stack.call("POST", "/api/v1/messages?beta=true", apiKey, "{not json");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");

        assertThatThrownBy(() -> AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + stack.gateway.port() + "/api")
                .apiKey("sk-ar-not-a-real-key").maxRetries(0).build().messages().create(hello("claude-sonnet-4-5")))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void anUpstreamOverloadReachesAnthropicClientsAsOverloadedError() throws Exception {
        String account = stack.signup("overload@example.com");
        assertThat(stack.call("POST", "/api/v1/byok", account, "{\"provider\":\"anthropic\",\"key\":\"sk-ant-mock-busy1\","
                + "\"alias\":\"busy\",\"base_url\":\"http://127.0.0.1:" + stack.mock.port() + "\"}").status()).isEqualTo(201);
        stack.scriptMock("sk-ant-mock-busy1", 529);
        Stack.Reply reply = stack.call("POST", "/api/v1/messages", account,
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of("anthropic-version", "2023-06-01"));
        assertThat(reply.status()).isEqualTo(529);
        JsonNode error = reply.json().path("error");
        assertThat(error.path("type").asText()).isEqualTo("overloaded_error");
        assertThat(reply.body()).doesNotContain("sk-ant-mock-busy1");
    }

    @Test
    void aFieldAnthropicCannotCarryIsRefusedByName() {
        assertThatThrownBy(() -> openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("anthropic/claude-sonnet-4-5").addUserMessage("Say hi").frequencyPenalty(0.5).build()))
                .isInstanceOf(com.openai.errors.BadRequestException.class)
                .hasMessageContaining("frequency_penalty");
    }

    @Test
    void anthropicSdkCountsTokensThroughTheGateway() {
        MessageTokensCount counted = anthropic.messages().countTokens(MessageCountTokensParams.builder()
                .model("anthropic/claude-sonnet-4-5").system("Be brief.").addUserMessage("Say hi").build());
        assertThat(counted.inputTokens()).isPositive();
        assertThat(stack.mock.received()).as("the upstream was asked")
                .anyMatch(q -> q.path().equals("/v1/messages/count_tokens") && "claude-sonnet-4-5".equals(q.model()));
    }

    @Test
    void countTokensIsRefusedClearlyWhereTheUpstreamHasNone() throws Exception {
        Stack.Reply reply = stack.call("POST", "/api/v1/messages/count_tokens", apiKey,
                "{\"model\":\"openai/gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").path("message").asText()).contains("count_tokens");
    }
}
