package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.protocol.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider key sent as a credential object through {@code POST /api/v1/byok}: the key as
 * {@code api_key} beside the provider's named fields (Cloudflare's account id, Alibaba's and MiniMax's
 * region), or that object's JSON text, and a self-hosted server's key that is no key at all. Each
 * mistake is a 400 naming the field that stores nothing; an accepted credential serves requests, a
 * key-less one with no credential header sent. Every key used, refused or stored, is then searched for
 * in every log line, response body, table row and file the run wrote.
 */
class CredentialFieldsApiTest {
    @TempDir
    Path dataDir;

    private static String canary(String name) {
        byte[] random = new byte[10];
        ThreadLocalRandom.current().nextBytes(random);
        return "sk-mock-" + name + "-" + HexFormat.of().formatHex(random);
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void credentialObjectsAreCheckedFieldByFieldServeWhenRightAndNeverLeakTheKey() throws Exception {
        List<String> secrets = new ArrayList<>();
        String refused = canary("refused");
        String minimax = canary("minimax");
        String alibaba = canary("alibaba");
        String vllm = canary("vllm");
        secrets.addAll(List.of(refused, minimax, alibaba, vllm));
        List<String> bodies;
        try (LogCapture logs = LogCapture.attach()) {
            try (Stack stack = new Stack(dataDir); WireStub server = new WireStub()) {
                String apiKey = stack.signup("fields@example.com");

                List<String> mistakes = List.of(
                        "{\"provider\":\"cloudflare\",\"key\":\"" + refused + "\"}",
                        "{\"provider\":\"cloudflare\",\"key\":{\"api_key\":\"" + refused + "\",\"account_id\":\"not-hex\"}}",
                        "{\"provider\":\"alibaba\",\"key\":{\"api_key\":\"" + refused + "\",\"base_url\":\"https://evil.example\"}}",
                        "{\"provider\":\"alibaba\",\"key\":{\"" + refused + "\":\"beijing\"}}",
                        "{\"provider\":\"alibaba\",\"key\":" + Json.MAPPER.writeValueAsString("{\"api_key\":\"" + refused + "\", region") + "}",
                        "{\"provider\":\"groq\"}");
                List<String> said = List.of("'account_id' (Account ID) is required", "'account_id' (Account ID) must match [0-9a-f]{32}",
                        "'key.base_url' is not part of a Alibaba Model Studio (Qwen) credential; it takes api_key, region",
                        "a field of 'key' is not part of", "'key' looks like JSON but is not a JSON object", "'key' is required");
                for (int i = 0; i < mistakes.size(); i++) {
                    Stack.Reply reply = stack.call("POST", "/api/v1/byok", apiKey, mistakes.get(i));
                    assertThat(reply.status()).as(mistakes.get(i)).isEqualTo(400);
                    assertThat(reply.json().at("/error/code").asText()).isEqualTo("invalid_request");
                    assertThat(reply.json().at("/error/message").asText()).contains(said.get(i));
                }
                assertThat(stack.call("GET", "/api/v1/byok", apiKey, null).json().get("data")).as("nothing stored").isEmpty();

                // The object form, and its JSON text, with base_url standing in for the region's URL (the mock).
                Stack.Reply saved = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"minimax\",\"key\":{\"api_key\":\""
                        + minimax + "\",\"region\":\"china\"},\"alias\":\"mm\",\"base_url\":\"" + stack.mockBase() + "\"}");
                assertThat(saved.status()).as(saved.body()).isEqualTo(201);
                assertThat(saved.json().get("masked").asText()).endsWith(minimax.substring(minimax.length() - 4));
                String text = Json.MAPPER.writeValueAsString("{\"api_key\":\"" + alibaba + "\",\"region\":\"beijing\"}");
                Stack.Reply fromText = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"alibaba\",\"key\":" + text
                        + ",\"alias\":\"qwen\",\"base_url\":\"" + stack.mockBase() + "\"}");
                assertThat(fromText.status()).as(fromText.body()).isEqualTo(201);
                assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, chat("minimax/MiniMax-M2.7")).status()).isEqualTo(200);
                assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, chat("alibaba/qwen3.7-max")).status()).isEqualTo(200);

                // A self-hosted server without auth: saved without a key, and no credential header goes to it.
                Stack.Reply keyless = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"vllm\",\"alias\":\"gpu-box\","
                        + "\"base_url\":\"" + server.base() + "/v1\"}");
                assertThat(keyless.status()).as(keyless.body()).isEqualTo(201);
                assertThat(keyless.json().get("masked").asText()).isEqualTo("no key");
                server.answer(WireStub.Scenario.TEXT);
                assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, chat("vllm/Qwen/Qwen3-8B")).status()).isEqualTo(200);
                assertThat(server.last().path()).isEqualTo("/v1/chat/completions");
                assertThat(server.last().body().path("model").asText()).isEqualTo("Qwen/Qwen3-8B");
                assertThat(server.last().headers().contains("authorization")).as("no key, no Authorization header").isFalse();
                String keylessId = keyless.json().get("id").asText();
                assertThat(stack.call("DELETE", "/api/v1/byok/" + keylessId, apiKey, null).status()).isEqualTo(204);

                // The same server with a token: it goes as the bearer, like any OpenAI-wire key.
                Stack.Reply keyed = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"vllm\",\"key\":\"" + vllm
                        + "\",\"alias\":\"gpu-box-2\",\"base_url\":\"" + server.base() + "/v1\"}");
                assertThat(keyed.status()).as(keyed.body()).isEqualTo(201);
                server.answer(WireStub.Scenario.TEXT);
                assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, chat("vllm/Qwen/Qwen3-8B")).status()).isEqualTo(200);
                assertThat(server.last().headers().get("authorization")).isEqualTo("Bearer " + vllm);

                assertThat(stack.call("GET", "/api/v1/byok", apiKey, null).json().get("data")).hasSize(3);
                bodies = List.copyOf(stack.bodiesSeen);
            }
            for (String secret : secrets) {
                assertThat(SecretScan.inTexts("log", logs.lines(), secret)).as(secret).isEmpty();
                assertThat(SecretScan.inTexts("response", bodies, secret)).as(secret).isEmpty();
                assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), secret)).as(secret).isEmpty();
                assertThat(SecretScan.inFiles(dataDir, secret)).as(secret).isEmpty();
            }
        }
    }
}
