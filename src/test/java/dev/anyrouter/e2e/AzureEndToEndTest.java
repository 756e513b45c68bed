package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Azure OpenAI behind the gateway, end to end ({@link CloudEndToEnd}'s matrix): one credential in
 * the list form naming two resources, the first on the deployments path with a dated
 * {@code api-version} (serving {@code gpt-4.1} as deployment {@code contoso-gpt41}), the second on
 * the v1 API ({@code gpt-4o} as {@code fabrikam-4o}, named as the body's model); Azure's streams open
 * with an empty-choices chunk carrying {@code prompt_filter_results}, which a Chat Completions client
 * receives as Azure sent it and a translated client never sees as content. An Entra ID client's
 * secret is exchanged for a token the mock minted. No key, secret or token is anywhere the run wrote.
 */
class AzureEndToEndTest extends CloudEndToEnd {
    static final String KEY = "azkey-contoso-3f9c1e7a5b2d4c6e8f0a1b2c3d4e5f60";
    static final String V1_KEY = "azkey-fabrikam-0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d";
    static final String CLIENT_SECRET = "entra~Secret.Canary_9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk";
    static final String ENTRA_CLIENT = "11111111-2222-3333-4444-555555555555";

    @Override
    String model() {
        return "azure/gpt-4.1";
    }

    @Override
    String mockKey() {
        return KEY;
    }

    @Override
    Stack.Reply saveCredential() throws Exception {
        return stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"azure\",\"alias\":\"contoso\",\"base_url\":\"" + mockBase()
                + "\",\"key\":[{\"api_key\":\"" + KEY + "\",\"resource_name\":\"contoso\",\"resource_type\":\"openai\","
                + "\"api_version\":\"2024-10-21\",\"deployments\":{\"gpt-4.1\":\"contoso-gpt41\"}},"
                + "{\"api_key\":\"" + V1_KEY + "\",\"resource_name\":\"fabrikam\",\"resource_type\":\"ai_foundry\","
                + "\"deployments\":{\"gpt-4o\":\"fabrikam-4o\"}}]}");
    }

    @Override
    List<String> secrets() throws Exception {
        List<String> secrets = new java.util.ArrayList<>(List.of(KEY, V1_KEY, CLIENT_SECRET));
        // The Entra ID tokens minted for the run's client are secrets as much as its client secret.
        JsonNode minted = stack.call("GET", mock("/_mock/azure/tokens?client_id=" + ENTRA_CLIENT), null, null).json().path("tokens");
        assertThat(minted).as("the Entra ID tokens minted for the run").isNotEmpty();
        minted.forEach(t -> secrets.add(t.asText()));
        return secrets;
    }

    @Test
    void theResourcesAreShownWithTheirDeploymentsNeverTheirKeys() throws Exception {
        Stack.Reply list = stack.call("GET", "/api/v1/byok", apiKey, null);
        JsonNode key = list.json().get("data").get(0);
        assertThat(key.path("credential").toString()).contains("contoso", "contoso-gpt41", "fabrikam-4o", "2024-10-21");
        assertThat(list.body()).doesNotContain(KEY, V1_KEY, KEY.substring(0, 20));
    }

    @Test
    void eachModelGoesToItsResourceOnItsWire() throws Exception {
        stack.call("DELETE", mock("/_mock/requests"), null, null);
        Stack.Reply dated = chatRaw("azure/gpt-4.1", false);
        assertThat(dated.status()).as(dated.body()).isEqualTo(200);
        Stack.Reply v1 = chatRaw("azure/gpt-4o", false);
        assertThat(v1.status()).as(v1.body()).isEqualTo(200);
        JsonNode seen = stack.call("GET", mock("/_mock/requests"), null, null).json();
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).path("path").asText()).isEqualTo("/openai/deployments/contoso-gpt41/chat/completions");
        assertThat(seen.get(0).path("key_last4").asText()).isEqualTo(KEY.substring(KEY.length() - 4));
        assertThat(seen.get(1).path("path").asText()).isEqualTo("/openai/v1/chat/completions");
        assertThat(seen.get(1).path("model").asText()).isEqualTo("fabrikam-4o");
        assertThat(seen.get(1).path("key_last4").asText()).isEqualTo(V1_KEY.substring(V1_KEY.length() - 4));
    }

    @Test
    void azuresEmptyChoicesOpeningChunkReachesAChatClientAndIsNoContentForATranslatedOne() throws Exception {
        Stack.Reply chat = chatRaw(model(), true);
        String first = chat.body().lines().filter(l -> l.startsWith("data: {")).findFirst().orElseThrow();
        assertThat(first).contains("\"choices\":[]", "prompt_filter_results");
        assertThat(chat.body()).contains("content_filter_results", "[DONE]");
        Stack.Reply messages = stack.call("POST", "/api/v1/messages", apiKey, "{\"model\":\"" + model() + "\",\"max_tokens\":64,"
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");
        assertThat(messages.status()).as(messages.body()).isEqualTo(200);
        List<String> events = messages.body().lines().filter(l -> l.startsWith("event: ")).toList();
        assertThat(events.getFirst()).isEqualTo("event: message_start");
        assertThat(events).containsOnlyOnce("event: message_start").contains("event: content_block_delta").endsWith("event: message_stop");
        assertThat(messages.body()).doesNotContain("prompt_filter_results");
    }

    @Test
    void anEntraIdClientIsServedOnAMintedTokenAndAWrongSecretStoresNothing() throws Exception {
        String entra = "{\"tenant_id\":\"72f988bf-86f1-41af-91ab-2d7cd011db47\",\"client_id\":\"" + ENTRA_CLIENT + "\","
                + "\"authority\":\"" + mockBase() + "\",\"resource_name\":\"entra-res\",\"deployments\":{\"gpt-5\":\"entra-gpt5\"},"
                + "\"client_secret\":\"%s\"}";
        Stack.Reply wrong = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"azure\",\"alias\":\"entra-wrong\",\"base_url\":\""
                + mockBase() + "\",\"key\":" + entra.formatted("invalid-" + CLIENT_SECRET) + "}");
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(422);
        assertThat(wrong.body()).doesNotContain(CLIENT_SECRET);
        Stack.Reply saved = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"azure\",\"alias\":\"entra\",\"priority\":0,"
                + "\"base_url\":\"" + mockBase() + "\",\"key\":" + entra.formatted(CLIENT_SECRET) + "}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        try {
            stack.call("DELETE", mock("/_mock/requests"), null, null);
            Stack.Reply r = chatRaw("azure/gpt-5", false);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode seen = stack.call("GET", mock("/_mock/requests"), null, null).json();
            assertThat(seen.get(seen.size() - 1).path("path").asText()).isEqualTo("/openai/v1/chat/completions");
            assertThat(seen.get(seen.size() - 1).path("model").asText()).isEqualTo("entra-gpt5");
            assertThat(seen.get(seen.size() - 1).path("key_last4").asText()).isEqualTo("5555");
        } finally {
            assertThat(stack.call("DELETE", "/api/v1/byok/" + saved.json().path("id").asText(), apiKey, null).status()).isLessThan(300);
        }
    }

    private Stack.Reply chatRaw(String model, boolean stream) throws Exception {
        return stack.call("POST", "/api/v1/chat/completions", apiKey, "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");
    }
}
