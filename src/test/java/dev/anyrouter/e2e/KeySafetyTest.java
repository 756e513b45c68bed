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
 * quotes the key, as OpenAI's does) and an upstream 500, and a second one through refusals (a base_url
 * outside its provider's hosts, an inference key's attempt to save or move a key, a body that is not
 * JSON, a cookie change from another site, an account at its cap, new headers the provider refuses);
 * then every log event, response body (the dashboard's pages too), table row and file under the data
 * dir is searched for both.
 */
class KeySafetyTest {
    @TempDir
    Path dataDir;

    @Test
    void aProviderKeyNeverReachesALogAResponseATableOrAFile() throws Exception {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        String canary = "sk-mock-canary-" + HexFormat.of().formatHex(random);
        ThreadLocalRandom.current().nextBytes(random);
        String refusedCanary = "sk-mock-refused-" + HexFormat.of().formatHex(random);
        String apiKey;
        String inferenceKey;
        try (LogCapture logs = LogCapture.attach()) {
            List<String> bodies;
            try (Stack stack = new Stack(dataDir, java.util.Map.of("max-byok-keys", "1"))) {
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

                // Refusals: a key for a host outside its provider's, a change asked by an app's inference key.
                Stack.Reply foreign = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"openai\",\"key\":\"" + refusedCanary
                        + "\",\"base_url\":\"https://attacker.example/v1\"}");
                assertThat(foreign.json().at("/error/code").asText()).isEqualTo("base_url_not_allowed");
                Stack.Reply app = stack.call("POST", "/api/v1/keys", apiKey, "{\"name\":\"app\"}");
                inferenceKey = app.json().get("key").asText();
                assertThat(stack.call("POST", "/api/v1/byok", inferenceKey, "{\"provider\":\"openai\",\"key\":\"" + refusedCanary
                        + "\",\"base_url\":\"" + stack.mockBase() + "\"}").status()).isEqualTo(403);
                assertThat(stack.call("PATCH", "/api/v1/byok/" + keyId, inferenceKey, "{\"base_url\":\"https://attacker.example/v1\"}")
                        .status()).isEqualTo(403);
                Stack.Reply notJson = stack.raw("POST", "/api/v1/byok", "{\"provider\":\"openai\",\"key\":\"" + refusedCanary + "\"}",
                        java.util.Map.of("content-type", "text/plain", "authorization", "Bearer " + apiKey));
                assertThat(notJson.status()).isEqualTo(415);
                Stack.Reply full = stack.addKey(apiKey, refusedCanary, "one-too-many");
                assertThat(full.json().at("/error/code").asText()).isEqualTo("account_limit_reached");
                stack.scriptMock(canary, 401, 1); // the provider refuses the new headers, quoting the key
                Stack.Reply reheadered = stack.call("PATCH", "/api/v1/byok/" + keyId, apiKey, "{\"headers\":{\"OpenAI-Organization\":\"org-x\"}}");
                assertThat(reheadered.json().at("/error/code").asText()).isEqualTo("key_rejected");

                // The dashboard: its pages, and a change riding on the cookie from another site.
                Stack.Reply login = stack.call("POST", "/api/v1/auth/login", null,
                        "{\"email\":\"canary@example.com\",\"password\":\"correct horse battery staple\"}");
                String cookie = login.headers().get("set-cookie").getFirst().split(";")[0];
                Stack.Reply forged = stack.raw("POST", "/api/v1/byok", "{\"provider\":\"openai\",\"key\":\"" + refusedCanary + "\"}",
                        java.util.Map.of("cookie", cookie, "x-csrf-token", login.json().get("csrf_token").asText(),
                                "content-type", "application/json", "origin", "https://evil.example"));
                assertThat(forged.json().at("/error/code").asText()).isEqualTo("cross_site_request");
                for (String page : List.of("/byok", "/keys", "/logs")) {
                    assertThat(stack.raw("GET", page, null, java.util.Map.of("cookie", cookie)).status()).as(page).isEqualTo(200);
                }
                assertThat(stack.call("GET", "/api/v1/logs", apiKey, null).status()).isEqualTo(200);
                bodies = List.copyOf(stack.bodiesSeen);
            }
            // The stack is closed: usage is flushed and the database is quiet.
            assertThat(logs.lines()).as("the upstream 401 was logged, by alias").anyMatch(l -> l.contains("401") && l.contains("canary"));
            for (String secret : List.of(canary, refusedCanary)) {
                assertThat(SecretScan.inTexts("log", logs.lines(), secret)).isEmpty();
                assertThat(SecretScan.inTexts("response", bodies, secret)).isEmpty();
                assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), secret)).isEmpty();
                assertThat(SecretScan.inFiles(dataDir, secret)).isEmpty();
            }
            // The AnyRouter keys themselves are stored only as hashes and never logged, refused or not.
            for (String key : List.of(apiKey, inferenceKey)) {
                assertThat(SecretScan.inTexts("log", logs.lines(), key)).isEmpty();
                assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), key)).isEmpty();
                assertThat(SecretScan.inFiles(dataDir, key)).isEmpty();
            }
        }
    }
}
