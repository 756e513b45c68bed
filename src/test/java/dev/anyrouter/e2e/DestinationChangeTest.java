package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.mock.ReceivedRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change of destination is a deliberate act: a stored key's new base_url or headers are proved with
 * the key before they are stored, only a management caller may ask, and a change the provider refuses
 * changes nothing.
 */
class DestinationChangeTest {
    private static final String PROVIDER_KEY = "sk-mock-destination-0001";

    @TempDir
    Path dataDir;

    Stack stack;
    String owner;
    String id;

    @BeforeEach
    void start() throws Exception {
        stack = new Stack(dataDir);
        owner = stack.signup("owner@example.com");
        Stack.Reply saved = stack.addKey(owner, "openai", PROVIDER_KEY, "work", ",\"headers\":{\"OpenAI-Organization\":\"org-first\"}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        id = saved.json().get("id").asText();
    }

    @AfterEach
    void stop() throws Exception {
        stack.close();
    }

    private List<ReceivedRequest> validations() {
        return stack.mock.received().stream().filter(r -> r.path().endsWith("/models")).toList();
    }

    private String organizationOfNextChat() throws Exception {
        int before = stack.mock.received().size();
        String chat = "{\"model\":\"openai/gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(stack.call("POST", "/api/v1/chat/completions", owner, chat).status()).isEqualTo(200);
        return stack.mock.received().subList(before, stack.mock.received().size()).stream()
                .filter(r -> r.path().endsWith("/chat/completions")).findFirst().orElseThrow().headers().get("openai-organization");
    }

    @Test
    void newHeadersAreProvedWithTheKeyBeforeTheyAreStored() throws Exception {
        int before = validations().size();
        Stack.Reply changed = stack.call("PATCH", "/api/v1/byok/" + id, owner, "{\"headers\":{\"OpenAI-Organization\":\"org-second\"}}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(validations()).hasSize(before + 1);
        assertThat(validations().getLast().headers()).containsEntry("openai-organization", "org-second");
        assertThat(organizationOfNextChat()).isEqualTo("org-second");

        // The same headers again, or another field alone, are no change of destination: no live call.
        assertThat(stack.call("PATCH", "/api/v1/byok/" + id, owner, "{\"headers\":{\"OpenAI-Organization\":\"org-second\"}}").status())
                .isEqualTo(200);
        assertThat(stack.call("PATCH", "/api/v1/byok/" + id, owner, "{\"alias\":\"renamed\"}").status()).isEqualTo(200);
        assertThat(validations()).hasSize(before + 1);
    }

    @Test
    void headersTheProviderRefusesChangeNothing() throws Exception {
        stack.scriptMock(PROVIDER_KEY, 401, 1); // the validation call only
        Stack.Reply refused = stack.call("PATCH", "/api/v1/byok/" + id, owner, "{\"headers\":{\"OpenAI-Organization\":\"org-other\"}}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("key_rejected");
        assertThat(refused.json().at("/error/message").asText()).contains("nothing was changed").doesNotContain(PROVIDER_KEY);
        assertThat(organizationOfNextChat()).isEqualTo("org-first");
    }

    @Test
    void onlyAManagementCallerMayChangeWhereOrAsWhatAKeyIsSent() throws Exception {
        String app = stack.call("POST", "/api/v1/keys", owner, "{\"name\":\"app\"}").json().get("key").asText();
        int before = stack.mock.received().size();
        for (String change : List.of("{\"headers\":{\"OpenAI-Organization\":\"org-stolen\"}}", "{\"base_url\":\"" + stack.mockBase() + "/x\"}")) {
            Stack.Reply r = stack.call("PATCH", "/api/v1/byok/" + id, app, change);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("management_scope_required");
        }
        assertThat(stack.mock.received()).as("no live call for a refused change").hasSize(before);
        assertThat(organizationOfNextChat()).isEqualTo("org-first");
    }

    @Test
    void aKeyCannotBeMovedToAnotherProvider() throws Exception {
        int before = stack.mock.received().size();
        Stack.Reply r = stack.call("PATCH", "/api/v1/byok/" + id, owner, "{\"provider\":\"anthropic\",\"base_url\":\"" + stack.mockBase() + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().at("/error/message").asText()).contains("provider");
        assertThat(stack.mock.received()).as("no live call for a refused change").hasSize(before);
        assertThat(stack.call("GET", "/api/v1/byok/" + id, owner, null).json().get("provider").asText()).isEqualTo("openai");
    }
}
