package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.anyrouter.billing.PriceBook;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A stack whose OpenAI and Anthropic requests are served on credits: the operator's keys (on the
 * mock) for both providers, and accounts that have no key of their own and let their pools fall
 * through to credits.
 */
final class OnCredits {
    static final String ADMIN_TOKEN = "operator-token-for-credits-0123456789";
    static final String OPENAI_OPERATOR_KEY = "sk-mock-operator-openai-6161";
    static final String ANTHROPIC_OPERATOR_KEY = "sk-mock-operator-anthropic-6262";

    private OnCredits() {}

    /** A stack on credits pricing from {@code prices}, one account on it, and both SDKs' clients of that account. */
    record Session(Stack stack, String apiKey, OpenAIClient openai, AnthropicClient anthropic) implements AutoCloseable {
        static Session start(Path dataDir, PriceBook prices, String email) throws Exception {
            Stack stack = new Stack(dataDir, Map.of("admin-token", ADMIN_TOKEN), prices, Clock.systemUTC());
            operatorKeys(stack);
            String apiKey = account(stack, email);
            return new Session(stack, apiKey, OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(apiKey).maxRetries(0)
                    .build(), AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + stack.gateway.port() + "/api")
                    .apiKey(apiKey).maxRetries(0).build());
        }

        @Override
        public void close() throws Exception {
            openai.close();
            anthropic.close();
            stack.close();
        }
    }

    /** Adds the operator's keys; the stack must have been made with {@link #ADMIN_TOKEN} as its {@code admin-token}. */
    static void operatorKeys(Stack stack) throws Exception {
        for (String provider : List.of("openai", "anthropic")) {
            String base = provider.equals("openai") ? stack.mockBase() : "http://127.0.0.1:" + stack.mock.port();
            String key = provider.equals("openai") ? OPENAI_OPERATOR_KEY : ANTHROPIC_OPERATOR_KEY;
            Stack.Reply op = stack.call("POST", "/api/v1/admin/provider-keys", ADMIN_TOKEN, "{\"provider\":\"" + provider
                    + "\",\"key\":\"" + key + "\",\"alias\":\"house\",\"base_url\":\"" + base + "\"}");
            assertThat(op.status()).as(op.body()).isEqualTo(201);
        }
    }

    /** A new account whose OpenAI and Anthropic requests go to credits; returns its API key. */
    static String account(Stack stack, String email) throws Exception {
        String apiKey = stack.signup(email);
        for (String provider : List.of("openai", "anthropic")) {
            Stack.Reply pool = stack.call("PUT", "/api/v1/byok/pools/" + provider, apiKey,
                    "{\"strategy\":\"fallback\",\"fallback_to_credits\":true}");
            assertThat(pool.status()).as(pool.body()).isEqualTo(200);
        }
        return apiKey;
    }

    /** The account's credits: balance, held credit and the newest ledger entries. */
    static JsonNode credits(Stack stack, String apiKey) throws Exception {
        Stack.Reply r = stack.call("GET", "/api/v1/credits", apiKey, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** Micro-dollars of a dollar figure the API wrote as a double. */
    static long micros(JsonNode usd) {
        return Math.round(usd.asDouble() * 1_000_000);
    }
}
