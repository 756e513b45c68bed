package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The official openai-java SDK, pointed at AnyRouter, as a user's program would use it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiSdkEndToEndTest {
    @TempDir
    static Path dataDir;

    Stack stack;
    OpenAIClient client;
    String apiKey;

    @BeforeAll
    void start() throws Exception {
        stack = new Stack(dataDir);
        apiKey = stack.signup("sdk@example.com");
        Stack.Reply saved = stack.addKey(apiKey, "sk-mock-sdk-0001", "primary");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        client = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(apiKey).maxRetries(0).build();
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        stack.close();
    }

    private static ChatCompletionCreateParams.Builder hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hi");
    }

    @Test
    void createsAChatCompletionThroughTheGateway() {
        ChatCompletion completion = client.chat().completions().create(hello("openai/gpt-4.1-mini").build());
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().getFirst().message().content()).get().asString().isNotBlank();
        assertThat(completion.usage()).isPresent();
        assertThat(completion.usage().get().promptTokens()).isPositive();
        assertThat(stack.mock.received()).anySatisfy(r -> {
            assertThat(r.path()).isEqualTo("/v1/chat/completions");
            assertThat(r.model()).isEqualTo("gpt-4.1-mini");
            assertThat(r.keyLast4()).isEqualTo("0001");
        });
    }

    @Test
    void bareModelIdsArePlacedByTheCatalog() {
        ChatCompletion completion = client.chat().completions().create(hello("gpt-4.1-nano").build());
        assertThat(completion.choices().getFirst().message().content()).isPresent();
    }

    @Test
    void streamsTextInPiecesWithUsageAtTheEnd() {
        List<String> pieces = new ArrayList<>();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        ChatCompletionCreateParams params = hello("openai/gpt-4.1-mini")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().filter(s -> !s.isEmpty()).ifPresent(pieces::add));
            });
        }
        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(chunks.getLast().usage()).isPresent();
        assertThat(chunks.getLast().usage().get().completionTokens()).isPositive();
    }

    @Test
    void withholdsTheUsageChunkWhenTheClientDidNotAskForIt() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                .createStreaming(hello("openai/gpt-4.1-mini").build())) {
            stream.stream().forEach(chunks::add);
        }
        assertThat(chunks).isNotEmpty().allSatisfy(c -> assertThat(c.choices()).isNotEmpty());
        // The upstream was still asked for usage, so the request is accounted for.
        assertThat(stack.mock.received()).anySatisfy(r -> assertThat(r.stream()).isTrue());
    }

    @Test
    void listsTheModelsTheAccountsKeysReach() throws Exception {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();
        assertThat(ids).contains("openai/gpt-4.1", "openai/gpt-4.1-mini").noneMatch(id -> id.startsWith("anthropic/"));
        // Catalog facts ride along where the catalog knows the model.
        JsonNode gpt41 = null;
        for (JsonNode m : stack.call("GET", "/api/v1/models", apiKey, null).json().get("data")) {
            if (m.get("id").asText().equals("openai/gpt-4.1")) gpt41 = m;
        }
        assertThat(gpt41).isNotNull();
        assertThat(gpt41.get("context_length").asInt()).isGreaterThan(100_000);
        assertThat(gpt41.at("/pricing/input_per_million").decimalValue()).isPositive();
    }

    @Test
    void namesTheProviderToAddAKeyForWhenNoneCanServe() {
        assertThatThrownBy(() -> client.chat().completions().create(hello("groq/llama-3.3-70b-versatile").build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Groq")
                .hasMessageContaining("/byok");
    }

    @Test
    void logsEveryRequestWithTheKeyAliasAndTokens() throws Exception {
        client.chat().completions().create(hello("openai/gpt-4.1-mini").build());
        JsonNode logs = null;
        for (int i = 0; i < 50; i++) {
            logs = stack.call("GET", "/api/v1/logs", apiKey, null).json().get("data");
            boolean served = false;
            for (JsonNode entry : logs) served |= entry.path("status").asInt() == 200;
            if (served) break;
            Thread.sleep(100);
        }
        assertThat(logs).isNotEmpty();
        assertThat(logs).anySatisfy(entry -> {
            assertThat(entry.get("key_alias").asText()).isEqualTo("primary");
            assertThat(entry.get("provider").asText()).isEqualTo("openai");
            assertThat(entry.get("model").asText()).isEqualTo("openai/gpt-4.1-mini");
            assertThat(entry.get("status").asInt()).isEqualTo(200);
            assertThat(entry.get("input_tokens").asLong()).isPositive();
            assertThat(entry.get("output_tokens").asLong()).isPositive();
        });
    }
}
