package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code anyrouter/*} virtual models and {@code models: [...]} fallbacks end to end: openai-java
 * against the gateway, keys for OpenAI, Anthropic and Google on the mock upstream (which speaks all
 * three wires), faults scripted per key. The mock lists gpt-5 (catalog rank 78), Claude Sonnet 4.5
 * (76) and Gemini 2.5 Pro (73) among others, so that is the order the agent set tries them in.
 */
class VirtualModelsEndToEndTest {
    static final String OPENAI_KEY = "sk-mock-virt-openai-1111";
    static final String OPENAI_KEY_2 = "sk-mock-virt-openai-2222";
    static final String ANTHROPIC_KEY = "sk-ant-mock-virt-3333";
    static final String GOOGLE_KEY = "AIzaMockVirtual4444";

    @TempDir
    Path dataDir;

    Stack stack;
    OpenAIClient client;
    String apiKey;

    @BeforeEach
    void start() throws Exception {
        stack = new Stack(dataDir);
        apiKey = stack.signup("virtual@example.com");
        client = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(apiKey).maxRetries(0).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        stack.close();
    }

    void addKey(String provider, String key, String alias) throws Exception {
        Stack.Reply r = stack.addKey(apiKey, provider, key, alias, "");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    void script(String key, int status) throws Exception {
        stack.scriptMock(key, status);
    }

    String balance() throws Exception {
        return stack.call("GET", "/api/v1/credits", apiKey, null).json().get("balance_usd").asText();
    }

    HttpResponseFor<ChatCompletion> ask(String model, boolean tools) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model(model).addUserMessage("Weather in Paris?");
        if (tools) params.addFunctionTool(weatherTool());
        return client.chat().completions().withRawResponse().create(params.build());
    }

    static FunctionDefinition weatherTool() {
        return FunctionDefinition.builder().name("get_current_weather").description("weather")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .build()).build();
    }

    JsonNode log(HttpResponseFor<?> response) throws Exception {
        return stack.awaitLog(apiKey, response.headers().values("x-anyrouter-request-id").getFirst());
    }

    static List<String> chain(JsonNode log) {
        List<String> out = new ArrayList<>();
        log.get("attempts").forEach(a -> out.add(a.get("model").asText() + " on " + a.get("key").asText() + ": "
                + a.get("outcome").asText()));
        return out;
    }

    @Test
    void agentPicksTheStrongestToolCapableModelTheKeysReachAndNeverCredits() throws Exception {
        addKey("openai", OPENAI_KEY, "oa");
        addKey("anthropic", ANTHROPIC_KEY, "an");
        String before = balance();

        HttpResponseFor<ChatCompletion> served = ask("anyrouter/agent", true);
        ChatCompletion completion = served.parse();
        assertThat(completion.model()).isEqualTo("gpt-5");
        assertThat(completion.choices()).hasSize(1);
        assertThat(served.headers().values("x-anyrouter-billing")).containsExactly("byok");
        JsonNode log = log(served);
        assertThat(log.get("model").asText()).isEqualTo("openai/gpt-5");
        assertThat(log.get("requested_model").asText()).isEqualTo("anyrouter/agent");
        assertThat(chain(log)).containsExactly("openai/gpt-5 on oa: ok");
        assertThat(stack.mock.received()).filteredOn(r -> r.path().endsWith("/chat/completions"))
                .singleElement().satisfies(r -> assertThat(r.model()).isEqualTo("gpt-5"));
        assertThat(balance()).isEqualTo(before);

        // The Anthropic wire names virtual models too: its first candidate serves, translated.
        Stack.Reply messages = stack.call("POST", "/api/v1/messages", apiKey, "{\"model\":\"anyrouter/coding\",\"max_tokens\":64,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of("anthropic-version", "2023-06-01"));
        assertThat(messages.status()).as(messages.body()).isEqualTo(200);
        assertThat(messages.json().get("type").asText()).isEqualTo("message");
        assertThat(messages.json().get("model").asText()).isEqualTo("gpt-5");
    }

    @Test
    void whenTheStrongestModelsPoolIsAllRateLimitedTheNextModelServesOnItsOwnKey() throws Exception {
        addKey("openai", OPENAI_KEY, "oa1");
        addKey("openai", OPENAI_KEY_2, "oa2");
        addKey("anthropic", ANTHROPIC_KEY, "an");
        script(OPENAI_KEY, 429);
        script(OPENAI_KEY_2, 429);
        String before = balance();

        HttpResponseFor<ChatCompletion> served = ask("anyrouter/agent", true);
        ChatCompletion completion = served.parse();
        assertThat(completion.model()).as("the model that actually served").startsWith("claude-sonnet-4-5");
        JsonNode log = log(served);
        assertThat(log.get("provider").asText()).isEqualTo("anthropic");
        List<String> chain = chain(log);
        assertThat(chain).hasSize(3);
        assertThat(chain.get(0)).startsWith("openai/gpt-5 on oa1: 429 cool-down");
        assertThat(chain.get(1)).startsWith("openai/gpt-5 on oa2: 429 cool-down");
        assertThat(chain.get(2)).isEqualTo("anthropic/claude-sonnet-4-5-20250929 on an: ok");

        // Streamed too: the chunks name the model that served.
        List<String> models = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("anyrouter/agent")
                .addUserMessage("Say hi").build();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                models.add(chunk.model());
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
            });
        }
        assertThat(text.toString()).isNotBlank();
        assertThat(models).isNotEmpty().allSatisfy(m -> assertThat(m).startsWith("claude-"));
        assertThat(balance()).as("virtual models never spend credits").isEqualTo(before);
    }

    @Test
    void aFailingProviderAndABusyOneFallThroughToTheThirdProvidersModel() throws Exception {
        addKey("openai", OPENAI_KEY, "oa");
        addKey("anthropic", ANTHROPIC_KEY, "an");
        addKey("google", GOOGLE_KEY, "gg");
        script(OPENAI_KEY, 500);
        script(ANTHROPIC_KEY, 429);

        HttpResponseFor<ChatCompletion> served = ask("anyrouter/coding", false);
        assertThat(served.parse().model()).startsWith("gemini-2.5-pro");
        List<String> chain = chain(log(served));
        assertThat(chain).first().asString().startsWith("openai/gpt-5 on oa: 500");
        assertThat(chain.get(1)).startsWith("anthropic/claude-sonnet-4-5-20250929 on an: 429");
        assertThat(chain).last().asString().isEqualTo("google/gemini-2.5-pro on gg: ok");
    }

    @Test
    void withNoKeyThatFitsTheVirtualModelsSayAddAKeyAndTheLedgerIsUntouched() throws Exception {
        String before = balance();
        for (String model : List.of("anyrouter/byok", "anyrouter/coding", "anyrouter/agent")) {
            Stack.Reply r = stack.call("POST", "/api/v1/chat/completions", apiKey,
                    "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("no_provider_key");
            assertThat(r.json().at("/error/message").asText()).contains("/byok").contains(model).contains("never spends credits");
        }
        // A key whose models cannot take the request fits nothing either: a prompt larger than any context.
        addKey("openai", OPENAI_KEY, "oa");
        String huge = "x".repeat(4_400_000);
        Stack.Reply tooBig = stack.call("POST", "/api/v1/chat/completions", apiKey,
                "{\"model\":\"anyrouter/byok\",\"messages\":[{\"role\":\"user\",\"content\":\"" + huge + "\"}]}");
        assertThat(tooBig.status()).as(tooBig.body()).isEqualTo(400);
        assertThat(tooBig.json().at("/error/message").asText()).contains("can take this request").contains("prompt tokens");
        assertThat(balance()).isEqualTo(before);
        assertThat(stack.mock.received()).noneMatch(r -> r.path().endsWith("/chat/completions"));
    }

    @Test
    void aModelsListIsTriedInOrder() throws Exception {
        addKey("openai", OPENAI_KEY, "oa");
        addKey("anthropic", ANTHROPIC_KEY, "an");
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("openai/gpt-4.1").addUserMessage("hi")
                .putAdditionalBodyProperty("models", JsonValue.from(List.of("anthropic/claude-haiku-4-5", "openai/gpt-4o"))).build();

        HttpResponseFor<ChatCompletion> first = client.chat().completions().withRawResponse().create(params);
        assertThat(first.parse().model()).isEqualTo("gpt-4.1");
        assertThat(stack.mock.received()).filteredOn(r -> r.path().endsWith("/chat/completions"))
                .singleElement().satisfies(r -> assertThat(r.model()).isEqualTo("gpt-4.1"));

        script(OPENAI_KEY, 503);
        HttpResponseFor<ChatCompletion> second = client.chat().completions().withRawResponse().create(params);
        assertThat(second.parse().model()).startsWith("claude-haiku-4-5");
        JsonNode log = log(second);
        assertThat(log.get("requested_model").asText()).isEqualTo("openai/gpt-4.1");
        assertThat(chain(log)).containsExactly("openai/gpt-4.1 on oa: 503 next key", "anthropic/claude-haiku-4-5 on an: ok");

        // Only the models list, no model: OpenRouter accepts that too.
        Stack.Reply onlyList = stack.call("POST", "/api/v1/chat/completions", apiKey,
                "{\"models\":[\"openai/gpt-4o\",\"anthropic/claude-haiku-4-5\"],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(onlyList.status()).as(onlyList.body()).isEqualTo(200);
        assertThat(onlyList.json().get("model").asText()).startsWith("claude-haiku-4-5");
    }
}
