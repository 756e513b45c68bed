package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.PriceBook;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opening credit is usable without a key (issue 24, item 1): where the operator has keys for a
 * provider and the account has none, credits serve by default; the {@code anyrouter/*} models still
 * never spend them; the account can switch credits off per provider, and the refusal then says what
 * to do. Driven with the official openai-java SDK against the mock upstream.
 */
class CreditsByDefaultEndToEndTest {
    static final String ADMIN_TOKEN = "operator-token-for-tests-0123456789";
    static final String MODEL = "openai/gpt-4.1-mini";
    static final PriceBook PRICES = PriceBook.of(Map.of(MODEL, ModelPrice.usd("0.40", "1.60")));
    /** The operator's key: its last four are letters no hex id can hold. */
    static final String OPERATOR_KEY = "sk-mock-operator-wxyz";

    @TempDir
    Path dataDir;

    Stack stack;
    OpenAIClient client;
    String apiKey;

    @BeforeEach
    void start() throws Exception {
        stack = new Stack(dataDir, Map.of("admin-token", ADMIN_TOKEN), PRICES, java.time.Clock.systemUTC());
        Stack.Reply op = stack.call("POST", "/api/v1/admin/provider-keys", ADMIN_TOKEN, "{\"provider\":\"openai\",\"key\":\""
                + OPERATOR_KEY + "\",\"alias\":\"house\",\"base_url\":\"" + stack.mockBase() + "\"}");
        assertThat(op.status()).as(op.body()).isEqualTo(201);
        apiKey = stack.signup("new@example.com");
        client = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(apiKey).maxRetries(0).build();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) client.close();
        if (stack != null) stack.close();
    }

    @Test
    void aNewAccountWithoutKeysIsServedOnItsCreditsWhereTheOperatorHasKeys() throws Exception {
        HttpResponseFor<ChatCompletion> served = client.chat().completions().withRawResponse().create(hello(MODEL));
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().values("x-anyrouter-billing")).containsExactly("credits");
        ChatCompletion completion = served.parse();
        var usage = completion.usage().orElseThrow();
        long expectedMicros = PRICES.price(MODEL).orElseThrow().costMicros(usage.promptTokens(), usage.completionTokens(), 0);
        assertThat(expectedMicros).isPositive();
        assertThat(stack.mock.received()).anyMatch(r -> "wxyz".equals(r.keyLast4()) && r.path().endsWith("/chat/completions"));

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(hello(MODEL))) {
            assertThat(stream.stream().flatMap(c -> c.choices().stream()).flatMap(c -> c.delta().content().stream())
                    .reduce("", String::concat)).isNotBlank();
        }

        JsonNode credits = settledCredits(3);
        assertThat(credits.get("balance_usd").asDouble()).isLessThan(2.0).isPositive();
        assertThat(credits.get("entries")).filteredOn(e -> e.get("kind").asText().equals("debit")).hasSize(2);
        assertThat(stack.call("GET", "/api/v1/byok/pools/openai", apiKey, null).json().get("credits").asText())
                .isEqualTo("without_keys");
    }

    @Test
    void theVirtualModelsStillNeverSpendCredits() throws Exception {
        double before = stack.call("GET", "/api/v1/credits", apiKey, null).json().get("balance_usd").asDouble();
        Stack.Reply refused = chat("anyrouter/byok");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("no_provider_key");
        assertThat(refused.json().at("/error/message").asText()).contains("never spends credits");
        assertThat(stack.call("GET", "/api/v1/credits", apiKey, null).json().get("balance_usd").asDouble()).isEqualTo(before);
        assertThat(stack.mock.received()).noneMatch(r -> r.path().endsWith("/chat/completions"));
    }

    @Test
    void whereTheOperatorHasNoKeyTheRefusalSaysCreditsDoNotCoverTheProviderAndWhatToAdd() throws Exception {
        assertThatThrownBy(() -> client.chat().completions().create(hello("mistral/mistral-large-latest")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage())
                        .contains("add a key for Mistral AI at /byok").contains("do not cover Mistral AI"));
    }

    @Test
    void creditsSwitchedOffForAProviderAreNotSpentAndTheRefusalSaysHowToSwitchThemOn() throws Exception {
        Stack.Reply off = stack.call("PUT", "/api/v1/byok/pools/openai", apiKey, "{\"credits\":\"never\"}");
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(off.json().get("credits").asText()).isEqualTo("never");
        assertThat(off.json().get("fallback_to_credits").asBoolean()).isFalse();

        Stack.Reply refused = chat(MODEL);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("no_provider_key");
        assertThat(refused.json().at("/error/message").asText()).contains("add a key for OpenAI at /byok").contains("switched them off")
                .contains("{\"credits\": \"without_keys\"}");
        // The older switch turning the fall-through off leaves "never" as it is.
        assertThat(stack.call("PUT", "/api/v1/byok/pools/openai", apiKey, "{\"fallback_to_credits\":false}").json()
                .get("credits").asText()).isEqualTo("never");
        assertThat(stack.mock.received()).noneMatch(r -> r.path().endsWith("/chat/completions"));

        assertThat(stack.call("PUT", "/api/v1/byok/pools/openai", apiKey, "{\"credits\":\"without_keys\"}").status()).isEqualTo(200);
        assertThat(chat(MODEL).status()).isEqualTo(200);
    }

    @Test
    void onceTheAccountHasAKeyItsKeyServesAndCreditsAreNotSpent() throws Exception {
        Stack.Reply mine = stack.addKey(apiKey, "sk-mock-mine-abcd", "mine");
        assertThat(mine.status()).as(mine.body()).isEqualTo(201);
        HttpResponseFor<ChatCompletion> served = client.chat().completions().withRawResponse().create(hello(MODEL));
        assertThat(served.headers().values("x-anyrouter-billing")).containsExactly("byok");
        assertThat(stack.mock.received()).noneMatch(r -> "wxyz".equals(r.keyLast4()) && r.path().endsWith("/chat/completions"));
        assertThat(stack.call("GET", "/api/v1/credits", apiKey, null).json().get("balance_usd").asDouble()).isEqualTo(2.0);
    }

    @Test
    void aCreditsSettingThatIsNotOneOfTheThreeIsRefusedByNameAndChangesNothing() throws Exception {
        Stack.Reply bad = stack.call("PUT", "/api/v1/byok/pools/openai", apiKey, "{\"credits\":\"sometimes\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/message").asText()).contains("'credits'").contains("without_keys, fallback, never");
        Stack.Reply both = stack.call("PUT", "/api/v1/byok/pools/openai", apiKey, "{\"credits\":\"never\",\"fallback_to_credits\":true}");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().at("/error/message").asText()).contains("not both");
        assertThat(stack.call("GET", "/api/v1/byok/pools/openai", apiKey, null).json().get("credits").asText()).isEqualTo("without_keys");
    }

    private Stack.Reply chat(String model) throws Exception {
        return stack.call("POST", "/api/v1/chat/completions", apiKey,
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");
    }

    /** The credits page once no hold is left and {@code entries} entries are written (the grant and each debit). */
    private JsonNode settledCredits(int entries) throws Exception {
        JsonNode credits = null;
        for (int i = 0; i < 100; i++) {
            credits = stack.call("GET", "/api/v1/credits", apiKey, null).json();
            if (credits.get("held_usd").asDouble() == 0 && credits.get("entries").size() == entries) return credits;
            Thread.sleep(50);
        }
        return credits;
    }

    private static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hi").build();
    }
}
