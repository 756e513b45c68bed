package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Account B can neither see nor touch anything of account A's: every attempt is a 404. */
class AccountIsolationTest {
    @TempDir
    Path dataDir;

    @Test
    void anotherAccountGets404OnEveryOneOfMyKeysAndLogs() throws Exception {
        try (Stack stack = new Stack(dataDir)) {
            String a = stack.signup("a@example.com");
            String b = stack.signup("b@example.com");
            String byokId = stack.addKey(a, "sk-mock-isolated-1111", "mine").json().get("id").asText();
            String chat = "{\"model\":\"openai/gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            assertThat(stack.call("POST", "/api/v1/chat/completions", a, chat).status()).isEqualTo(200);
            JsonNode aKeys = stack.call("GET", "/api/v1/keys", a, null).json().get("data");
            String apiKeyId = aKeys.get(0).get("id").asText();
            String logId = null;
            for (int i = 0; i < 50 && logId == null; i++) {
                JsonNode logs = stack.call("GET", "/api/v1/logs", a, null).json().get("data");
                if (!logs.isEmpty()) logId = logs.get(0).get("id").asText();
                else Thread.sleep(100);
            }
            assertThat(logId).isNotNull();

            assertThat(stack.call("GET", "/api/v1/byok/" + byokId, b, null).status()).isEqualTo(404);
            assertThat(stack.call("PATCH", "/api/v1/byok/" + byokId, b, "{\"alias\":\"stolen\"}").status()).isEqualTo(404);
            assertThat(stack.call("DELETE", "/api/v1/byok/" + byokId, b, null).status()).isEqualTo(404);
            assertThat(stack.call("DELETE", "/api/v1/keys/" + apiKeyId, b, null).status()).isEqualTo(404);
            assertThat(stack.call("GET", "/api/v1/logs/" + logId, b, null).status()).isEqualTo(404);
            assertThat(stack.call("GET", "/api/v1/byok", b, null).json().get("data")).isEmpty();
            assertThat(stack.call("GET", "/api/v1/logs", b, null).json().get("data")).isEmpty();
            assertThat(stack.call("GET", "/api/v1/keys", b, null).json().get("data")).hasSize(1);
            // B cannot borrow A's provider key either: B has no openai key of its own.
            assertThat(stack.call("POST", "/api/v1/chat/completions", b, chat).status()).isEqualTo(400);
            // A's things are intact.
            assertThat(stack.call("GET", "/api/v1/byok/" + byokId, a, null).json().get("alias").asText()).isEqualTo("mine");
            assertThat(stack.call("GET", "/api/v1/logs/" + logId, a, null).status()).isEqualTo(200);
        }
    }
}
