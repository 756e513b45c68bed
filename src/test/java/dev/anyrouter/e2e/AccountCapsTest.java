package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One account cannot fill the database or make unbounded validation calls: past the operator's caps
 * on provider keys, API keys and presets a new one gets 409 {@code account_limit_reached}, saying what
 * to do, and nothing is stored or sent.
 */
class AccountCapsTest {
    @TempDir
    Path dataDir;

    Stack stack;
    String owner;

    @BeforeEach
    void start() throws Exception {
        stack = new Stack(dataDir, Map.of("max-byok-keys", "2", "max-api-keys", "3", "max-presets", "1"));
        owner = stack.signup("owner@example.com");
    }

    @AfterEach
    void stop() throws Exception {
        stack.close();
    }

    private static void assertCapped(Stack.Reply r, String what, String setting) {
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("account_limit_reached");
        assertThat(r.json().at("/error/message").asText()).contains(what, setting, "remove one first");
    }

    @Test
    void providerKeysPastTheCapAreRefusedBeforeAnyLiveCall() throws Exception {
        assertThat(stack.addKey(owner, "sk-mock-cap-0001", "one").status()).isEqualTo(201);
        assertThat(stack.addKey(owner, "sk-mock-cap-0002", "two").status()).isEqualTo(201);
        int calls = stack.mock.received().size();
        assertCapped(stack.addKey(owner, "sk-mock-cap-0003", "three"), "2 provider keys", "ANYROUTER_MAX_BYOK_KEYS");
        assertThat(stack.mock.received()).as("no validation call for a key that cannot be stored").hasSize(calls);
        assertThat(stack.call("GET", "/api/v1/byok", owner, null).json().get("data")).hasSize(2);

        String first = stack.call("GET", "/api/v1/byok", owner, null).json().at("/data/0/id").asText();
        assertThat(stack.call("DELETE", "/api/v1/byok/" + first, owner, null).status()).isEqualTo(204);
        assertThat(stack.addKey(owner, "sk-mock-cap-0003", "three").status()).as("room again").isEqualTo(201);
    }

    @Test
    void apiKeysPastTheCapAreRefusedAndARevokedOneMakesRoom() throws Exception {
        assertThat(stack.call("POST", "/api/v1/keys", owner, "{\"name\":\"a\"}").status()).isEqualTo(201);
        String b = stack.call("POST", "/api/v1/keys", owner, "{\"name\":\"b\"}").json().get("id").asText();
        assertCapped(stack.call("POST", "/api/v1/keys", owner, "{\"name\":\"c\"}"), "3 API keys", "ANYROUTER_MAX_API_KEYS");
        assertThat(stack.call("GET", "/api/v1/keys", owner, null).json().get("data")).hasSize(3);
        assertThat(stack.call("DELETE", "/api/v1/keys/" + b, owner, null).status()).isEqualTo(204);
        assertThat(stack.call("POST", "/api/v1/keys", owner, "{\"name\":\"c\"}").status()).isEqualTo(201);
    }

    @Test
    void presetsPastTheCapAreRefusedWhetherPostedOrPut() throws Exception {
        assertThat(stack.call("POST", "/api/v1/presets", owner, "{\"name\":\"fast\",\"model\":\"openai/gpt-4.1-mini\"}").status())
                .isEqualTo(201);
        assertCapped(stack.call("POST", "/api/v1/presets", owner, "{\"name\":\"slow\",\"model\":\"openai/gpt-4.1\"}"),
                "1 presets", "ANYROUTER_MAX_PRESETS");
        assertCapped(stack.call("PUT", "/api/v1/presets/slow", owner, "{\"model\":\"openai/gpt-4.1\"}"), "1 presets", "ANYROUTER_MAX_PRESETS");
        assertThat(stack.call("PUT", "/api/v1/presets/fast", owner, "{\"model\":\"openai/gpt-4.1\"}").status())
                .as("replacing one that exists adds nothing").isEqualTo(200);
        assertThat(stack.call("GET", "/api/v1/presets", owner, null).json().get("data")).hasSize(1);
    }
}
