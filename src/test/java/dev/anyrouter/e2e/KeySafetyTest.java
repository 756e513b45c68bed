package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary provider key is driven through save, a served call, an upstream 401 (whose body
 * quotes the key, as OpenAI's does) and an upstream 500; then every log event, response body,
 * table row and file under the data dir is searched for it.
 */
class KeySafetyTest {
    @TempDir
    Path dataDir;

    @Test
    void aProviderKeyNeverReachesALogAResponseATableOrAFile() throws Exception {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        String canary = "sk-mock-canary-" + HexFormat.of().formatHex(random);
        String apiKey;
        try (LogCapture logs = LogCapture.attach()) {
            List<String> bodies;
            try (Stack stack = new Stack(dataDir)) {
                apiKey = stack.signup("canary@example.com");
                Stack.Reply saved = stack.addKey(apiKey, canary, "canary");
                assertThat(saved.status()).isEqualTo(201);
                assertThat(saved.json().get("masked").asText()).endsWith(canary.substring(canary.length() - 4));

                String chat = "{\"model\":\"openai/gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, chat).status()).isEqualTo(200);
                String stream = "{\"model\":\"openai/gpt-4.1-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, stream).body()).contains("[DONE]");

                stack.scriptMock(canary, 401);
                Stack.Reply rejected = stack.call("POST", "/api/v1/chat/completions", apiKey, chat);
                assertThat(rejected.status()).isEqualTo(401);
                assertThat(rejected.json().at("/error/message").asText()).contains("canary").contains("401");
                // The 401 quarantined the key; once the provider takes it again, re-validation brings it back.
                stack.scriptMock(canary, 200);
                String keyId = stack.call("GET", "/api/v1/byok", apiKey, null).json().at("/data/0/id").asText();
                assertThat(stack.call("POST", "/api/v1/byok/" + keyId + "/validate", apiKey, null).json().get("result").asText())
                        .isEqualTo("valid");

                stack.scriptMock(canary, 500);
                assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, chat).status()).isEqualTo(500);
                assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, stream).status()).isEqualTo(500);

                stack.scriptMock(canary, 200);
                assertThat(stack.call("GET", "/api/v1/byok", apiKey, null).body()).contains("canary");
                assertThat(stack.call("GET", "/api/v1/logs", apiKey, null).status()).isEqualTo(200);
                bodies = List.copyOf(stack.bodiesSeen);
            }
            // The stack is closed: usage is flushed and the database is quiet.
            assertThat(logs.lines()).as("the upstream 401 was logged, by alias").anyMatch(l -> l.contains("401") && l.contains("canary"));
            for (String secret : List.of(canary)) {
                assertThat(SecretScan.inTexts("log", logs.lines(), secret)).isEmpty();
                assertThat(SecretScan.inTexts("response", bodies, secret)).isEmpty();
                assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), secret)).isEmpty();
                assertThat(SecretScan.inFiles(dataDir, secret)).isEmpty();
            }
            // The AnyRouter key itself is stored only as a hash and never logged.
            assertThat(SecretScan.inTexts("log", logs.lines(), apiKey)).isEmpty();
            assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), apiKey)).isEmpty();
            assertThat(SecretScan.inFiles(dataDir, apiKey)).isEmpty();
        }
    }
}
