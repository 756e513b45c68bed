package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presets end to end: created, read, replaced and deleted through {@code /api/v1/presets}, seen
 * only by their own account, and used as {@code model: "@preset/<name>"} from openai-java — their
 * model list tried in order, their system prompt and default parameters reaching the upstream,
 * and a model pinned to one particular key (also of another provider) going through that key.
 */
class PresetsEndToEndTest {
    static final String OPENAI_A = "sk-mock-preset-oa-aaaa";
    static final String OPENAI_B = "sk-mock-preset-oa-bbbb";
    static final String ANTHROPIC = "sk-ant-mock-preset-cccc";
    static final String GROQ = "gsk_mock_preset_dddd";

    @TempDir
    Path dataDir;

    Stack stack;
    OpenAIClient client;
    String apiKey;

    @BeforeEach
    void start() throws Exception {
        stack = new Stack(dataDir);
        apiKey = stack.signup("presets@example.com");
        client = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(apiKey).maxRetries(0).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        stack.close();
    }

    String addKey(String provider, String key, String alias, int priority) throws Exception {
        Stack.Reply r = stack.addKey(apiKey, provider, key, alias, ",\"priority\":" + priority);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    HttpResponseFor<ChatCompletion> ask(String model) {
        return client.chat().completions().withRawResponse()
                .create(ChatCompletionCreateParams.builder().model(model).addUserMessage("hello").build());
    }

    List<dev.anyrouter.mock.ReceivedRequest> chats() {
        return stack.mock.received().stream().filter(r -> r.path().endsWith("/chat/completions") || r.path().endsWith("/messages"))
                .toList();
    }

    @Test
    void presetsAreCreatedReadReplacedAndDeletedAndSeenOnlyByTheirAccount() throws Exception {
        Stack.Reply created = stack.call("POST", "/api/v1/presets", apiKey, "{\"name\":\"fast\",\"models\":[\"openai/gpt-4.1\","
                + "\"anyrouter/coding\"],\"provider_order\":[\"anthropic\"],\"fallback_to_credits\":false,"
                + "\"system_prompt\":\"Be brief.\",\"parameters\":{\"temperature\":0.2}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("model").asText()).isEqualTo("@preset/fast");
        assertThat(created.json().get("models")).hasSize(2);
        assertThat(stack.call("POST", "/api/v1/presets", apiKey, "{\"name\":\"fast\",\"model\":\"openai/gpt-4o\"}").status())
                .as("names are unique per account").isEqualTo(409);

        JsonNode read = stack.call("GET", "/api/v1/presets/fast", apiKey, null).json();
        assertThat(read.get("system_prompt").asText()).isEqualTo("Be brief.");
        assertThat(read.at("/parameters/temperature").asDouble()).isEqualTo(0.2);
        assertThat(read.get("provider_order").get(0).asText()).isEqualTo("anthropic");
        assertThat(read.get("fallback_to_credits").asBoolean()).isFalse();

        Stack.Reply replaced = stack.call("PUT", "/api/v1/presets/fast", apiKey, "{\"model\":\"openai/gpt-4o\"}");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().get("models")).hasSize(1);
        assertThat(replaced.json().get("system_prompt").isNull()).as("replaced whole").isTrue();
        assertThat(replaced.json().get("id").asText()).isEqualTo(created.json().get("id").asText());
        assertThat(stack.call("GET", "/api/v1/presets", apiKey, null).json().get("data")).hasSize(1);

        String other = stack.signup("other@example.com");
        assertThat(stack.call("GET", "/api/v1/presets", other, null).json().get("data")).isEmpty();
        assertThat(stack.call("GET", "/api/v1/presets/fast", other, null).status()).isEqualTo(404);
        assertThat(stack.call("DELETE", "/api/v1/presets/fast", other, null).status()).isEqualTo(404);
        Stack.Reply borrowed = stack.call("POST", "/api/v1/chat/completions", other,
                "{\"model\":\"@preset/fast\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(borrowed.status()).isEqualTo(400);
        assertThat(borrowed.json().at("/error/message").asText()).contains("no preset named 'fast'");

        for (String bad : List.of("{\"name\":\"Bad Name\",\"model\":\"openai/gpt-4o\"}", "{\"name\":\"x\"}",
                "{\"name\":\"x\",\"model\":\"nobody/knows\"}", "{\"name\":\"x\",\"model\":\"@preset/fast\"}",
                "{\"name\":\"x\",\"model\":\"openai/gpt-4o\",\"parameters\":{\"messages\":[]}}",
                "{\"name\":\"x\",\"model\":\"openai/gpt-4o\",\"provider_order\":[\"nowhere\"]}")) {
            assertThat(stack.call("POST", "/api/v1/presets", apiKey, bad).status()).as(bad).isEqualTo(400);
        }
        assertThat(stack.call("DELETE", "/api/v1/presets/fast", apiKey, null).status()).isEqualTo(204);
        assertThat(stack.call("GET", "/api/v1/presets/fast", apiKey, null).status()).isEqualTo(404);
    }

    @Test
    void aPresetsModelsAreTriedInOrderWithItsSystemPromptAndDefaults() throws Exception {
        addKey("openai", OPENAI_A, "oa", 1);
        addKey("anthropic", ANTHROPIC, "an", 1);
        assertThat(stack.call("POST", "/api/v1/presets", apiKey, "{\"name\":\"steady\",\"models\":[\"openai/gpt-4.1\","
                + "\"anthropic/claude-haiku-4-5\"],\"system_prompt\":\"Answer in French.\",\"parameters\":{\"max_tokens\":7}}")
                .status()).isEqualTo(201);

        HttpResponseFor<ChatCompletion> first = ask("@preset/steady");
        assertThat(first.parse().model()).isEqualTo("gpt-4.1");
        assertThat(first.parse().usage().orElseThrow().completionTokens()).as("the preset's max_tokens reached the upstream")
                .isLessThanOrEqualTo(7);
        long plain = ask("openai/gpt-4.1").parse().usage().orElseThrow().promptTokens();
        assertThat(first.parse().usage().orElseThrow().promptTokens()).as("the preset's system prompt was sent too")
                .isGreaterThan(plain);

        stack.scriptMock(OPENAI_A, 500);
        HttpResponseFor<ChatCompletion> second = ask("@preset/steady");
        assertThat(second.parse().model()).startsWith("claude-haiku-4-5");
        JsonNode log = log(second);
        assertThat(log.get("requested_model").asText()).isEqualTo("@preset/steady");
        assertThat(log.get("attempts")).hasSize(2);
        assertThat(log.get("billing").asText()).isEqualTo("byok");
    }

    @Test
    void aPinnedModelGoesThroughItsKeyEvenOfAnotherProvider() throws Exception {
        addKey("openai", OPENAI_A, "first", 1);
        String second = addKey("openai", OPENAI_B, "second", 2);
        String groq = addKey("groq", GROQ, "aggregator", 1);
        Stack.Reply created = stack.call("POST", "/api/v1/presets", apiKey, "{\"name\":\"pinned\",\"models\":[\"openai/gpt-4o\","
                + "\"anthropic/claude-sonnet-4-5\"],\"pins\":[{\"model\":\"openai/gpt-4o\",\"key_id\":\"" + second + "\"},"
                + "{\"model\":\"anthropic/claude-sonnet-4-5\",\"key_id\":\"" + groq + "\"}]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().at("/pins/1/provider").asText()).isEqualTo("groq");
        assertThat(created.json().at("/pins/1/upstream_model").asText()).isEqualTo("anthropic/claude-sonnet-4-5");

        HttpResponseFor<ChatCompletion> pinned = ask("@preset/pinned");
        assertThat(pinned.statusCode()).isEqualTo(200);
        assertThat(chats()).singleElement().satisfies(r -> {
            assertThat(r.keyLast4()).as("the pinned key, not the pool's first").isEqualTo("bbbb");
            assertThat(r.model()).isEqualTo("gpt-4o");
        });

        stack.scriptMock(OPENAI_B, 429);
        HttpResponseFor<ChatCompletion> through = ask("@preset/pinned");
        assertThat(through.statusCode()).isEqualTo(200);
        assertThat(chats()).last().satisfies(r -> {
            assertThat(r.keyLast4()).isEqualTo("dddd");
            assertThat(r.model()).isEqualTo("anthropic/claude-sonnet-4-5");
        });
        assertThat(chats()).as("the unpinned key of the pool is never used").noneMatch(r -> "aaaa".equals(r.keyLast4()));
    }

    @Test
    void analyticsSumWhatTheRequestsDidGroupedByModelAndApp() throws Exception {
        addKey("openai", OPENAI_A, "oa", 1);
        for (int i = 0; i < 3; i++) {
            stack.call("POST", "/api/v1/chat/completions", apiKey, "{\"model\":\"openai/gpt-4.1\",\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"hi\"}]}", java.util.Map.of("X-OpenRouter-Title", "My App"));
        }
        stack.call("POST", "/api/v1/chat/completions", apiKey, "{\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}", java.util.Map.of("HTTP-Referer", "https://example.com"));
        JsonNode byModel = null;
        for (int i = 0; i < 100; i++) {
            byModel = stack.call("GET", "/api/v1/analytics?group_by=model", apiKey, null).json();
            if (byModel.at("/total/requests").asLong() == 4) break;
            Thread.sleep(50);
        }
        assertThat(byModel.at("/total/requests").asLong()).isEqualTo(4);
        assertThat(byModel.get("data")).hasSize(2);
        assertThat(byModel.at("/data/0/group").asText()).isEqualTo("openai/gpt-4.1");
        assertThat(byModel.at("/data/0/requests").asLong()).isEqualTo(3);
        assertThat(byModel.at("/data/0/byok_savings_usd").asDouble()).as("priced from the catalog").isPositive();
        assertThat(byModel.at("/data/0/credits_spent_usd").asDouble()).isZero();
        assertThat(byModel.at("/data/0/latency_ms/p50").isNumber()).isTrue();
        JsonNode byApp = stack.call("GET", "/api/v1/analytics?group_by=app", apiKey, null).json();
        assertThat(byApp.get("data")).extracting(n -> n.get("group").asText()).containsExactly("My App", "https://example.com");
        assertThat(stack.call("GET", "/api/v1/analytics?group_by=week", apiKey, null).status()).isEqualTo(400);
    }

    JsonNode log(HttpResponseFor<?> response) throws Exception {
        return stack.awaitLog(apiKey, response.headers().values("x-anyrouter-request-id").getFirst());
    }
}
