package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

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
