package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import dev.anyrouter.http.Access;
import dev.anyrouter.http.ApiRoute;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app's inference key calls models and reads its own info; every management route, enumerated
 * from the running gateway's router (so a route added later is covered without touching this test),
 * answers it 403 {@code management_scope_required} in the OpenAI error shape and changes nothing:
 * no row, no key, and no request to the address its body names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferenceKeyScopeTest {
    private static final String ADMIN_TOKEN = "admin-token-for-the-scope-test-0123456789";

    @TempDir
    static Path dataDir;

    Stack stack;
    LoopbackListener listener;
    String managementKey;
    String managementKeyId;
    String inferenceKey;
    String byokId;

    @BeforeAll
    void start() throws Exception {
        stack = new Stack(dataDir, Map.of("admin-token", ADMIN_TOKEN));
        listener = new LoopbackListener();
        managementKey = stack.signup("owner@example.com");
        managementKeyId = stack.call("GET", "/api/v1/key", managementKey, null).json().at("/data/id").asText();
        Stack.Reply saved = stack.addKey(managementKey, "sk-mock-owner-key-0001", "owner");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        byokId = saved.json().get("id").asText();
        assertThat(stack.addKey(managementKey, "anthropic", "sk-ant-mock-owner-0001", "claude", "").status()).isEqualTo(201);
        assertThat(stack.call("POST", "/api/v1/presets", managementKey, "{\"name\":\"fast\",\"model\":\"openai/gpt-4.1-mini\"}").status())
                .isEqualTo(201);
        Stack.Reply app = stack.call("POST", "/api/v1/keys", managementKey, "{\"name\":\"app\"}");
        assertThat(app.status()).as(app.body()).isEqualTo(201);
        assertThat(app.json().get("kind").asText()).as("a new key is an inference key unless asked").isEqualTo("inference");
        inferenceKey = app.json().get("key").asText();
    }

    @AfterAll
    void stop() throws Exception {
        listener.close();
        stack.close();
    }

    @Test
    void everyRouteSaysWhoMayCallItAndTheAccountsRoutesAreManagementOnly() {
        List<ApiRoute> routes = stack.gateway.apiRoutes();
        assertThat(routes).hasSizeGreaterThan(25);
        for (ApiRoute route : routes) {
            assertThat(route.access()).as("%s %s declares who may call it", route.method(), route.path()).isNotNull();
            String p = route.path();
            if (p.startsWith("/api/v1/byok") || p.startsWith("/api/v1/keys") || p.startsWith("/api/v1/logs")
                    || p.startsWith("/api/v1/analytics") || p.startsWith("/api/v1/credits")
                    || (p.startsWith("/api/v1/presets") && !route.method().equals("GET"))) {
                assertThat(route.access()).as("%s %s manages the account", route.method(), p).isEqualTo(Access.MANAGEMENT);
            }
            if (p.startsWith("/api/v1/admin")) assertThat(route.access()).as(p).isEqualTo(Access.ADMIN);
        }
        assertThat(routes).filteredOn(r -> r.access() == Access.ANY_KEY).extracting(r -> r.method() + " " + r.path())
                .contains("POST /api/v1/chat/completions", "POST /api/v1/messages", "POST /api/v1/messages/count_tokens",
                        "POST /api/v1/responses", "GET /api/v1/models", "GET /api/v1/key");
    }

    @Test
    void anInferenceKeyGets403OnEveryManagementRouteAndNothingChanges() throws Exception {
        Map<String, String> before = accountState();
        String hostile = "{\"base_url\":\"" + listener.baseUrl() + "\",\"headers\":{\"OpenAI-Organization\":\"org-x\"},"
                + "\"name\":\"stolen\",\"management\":true,\"strategy\":\"random\",\"provider\":\"openai\",\"key\":\"sk-mock-x\","
                + "\"model\":\"openai/gpt-4.1\",\"status\":\"disabled\"}";
        List<String> checked = new ArrayList<>();
        for (ApiRoute route : stack.gateway.apiRoutes()) {
            if (route.access() != Access.MANAGEMENT) continue;
            String path = fill(route.path());
            for (Map<String, String> credential : List.of(Map.of("authorization", "Bearer " + inferenceKey), Map.of("x-api-key", inferenceKey))) {
                Stack.Reply r = stack.call(route.method(), path, null, route.method().equals("GET") || route.method().equals("DELETE")
                        ? null : hostile, credential);
                assertThat(r.status()).as("%s %s with an inference key: %s", route.method(), path, r.body()).isEqualTo(403);
                assertThat(r.json().at("/error/code").asText()).isEqualTo("management_scope_required");
                assertThat(r.json().at("/error/type").asText()).isEqualTo("permission_error");
                assertThat(r.json().at("/error/message").asText()).contains("management key");
            }
            checked.add(route.method() + " " + route.path());
        }
        assertThat(checked).contains("PATCH /api/v1/byok/:id", "POST /api/v1/keys", "DELETE /api/v1/keys/:id",
                "PUT /api/v1/byok/pools/:provider", "POST /api/v1/byok/:id/validate", "GET /api/v1/logs", "GET /api/v1/credits",
                "POST /api/v1/presets", "GET /api/v1/analytics");

        assertThat(accountState()).as("nothing of the account changed").isEqualTo(before);
        assertThat(listener.hits()).as("no request reached the address a refused body named").isEmpty();
        assertThat(stack.call("GET", "/api/v1/byok", managementKey, null).status()).as("the management key still works").isEqualTo(200);
    }

    @Test
    void anInferenceKeyIsNotAnAdminToken() throws Exception {
        for (ApiRoute route : stack.gateway.apiRoutes()) {
            if (route.access() != Access.ADMIN) continue;
            Stack.Reply r = stack.call(route.method(), fill(route.path()), inferenceKey, route.method().equals("POST") ? "{}" : null);
            assertThat(r.status()).as("%s %s", route.method(), route.path()).isEqualTo(401);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid_admin_token");
        }
    }

    @Test
    void anInferenceKeyCallsModelsThroughTheOfficialSdksAndReadsItsOwnInfo() throws Exception {
        OpenAIClient openai = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(inferenceKey).maxRetries(0).build();
        try {
            assertThat(openai.chat().completions().create(ChatCompletionCreateParams.builder().model("openai/gpt-4.1-mini")
                    .addUserMessage("Say hi").build()).choices().getFirst().message().content()).isPresent();
            assertThat(openai.responses().create(ResponseCreateParams.builder().model("openai/gpt-4.1-mini").input("Say hi").build())
                    .output()).isNotEmpty();
            assertThat(openai.models().list().data()).extracting(m -> m.id()).contains("openai/gpt-4.1-mini");
            assertThat(openai.chat().completions().create(ChatCompletionCreateParams.builder().model("@preset/fast")
                    .addUserMessage("Say hi").build()).choices()).isNotEmpty();
        } finally {
            openai.close();
        }
        AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + stack.gateway.port() + "/api")
                .apiKey(inferenceKey).maxRetries(0).build();
        try {
            assertThat(anthropic.messages().create(MessageCreateParams.builder().model("openai/gpt-4.1-mini").maxTokens(64)
                    .addUserMessage("Say hi").build()).content()).isNotEmpty();
        } finally {
            anthropic.close();
        }
        JsonNode own = stack.call("GET", "/api/v1/key", inferenceKey, null).json().get("data");
        assertThat(own.get("name").asText()).isEqualTo("app");
        assertThat(own.get("kind").asText()).isEqualTo("inference");
        assertThat(own.has("key")).isFalse();
        assertThat(stack.call("GET", "/api/v1/presets", inferenceKey, null).status()).as("an app may list presets").isEqualTo(200);
        assertThat(stack.call("GET", "/api/v1/presets/fast", inferenceKey, null).status()).isEqualTo(200);
        // Every route any key may call admits an inference key (whatever it then makes of the request).
        for (ApiRoute route : stack.gateway.apiRoutes()) {
            if (route.access() != Access.ANY_KEY && route.access() != Access.ANY_KEY_OR_SESSION) continue;
            String model = route.path().startsWith("/api/v1/messages") ? "anthropic/claude-sonnet-4-5" : "openai/gpt-4.1-mini";
            Stack.Reply r = stack.call(route.method(), fill(route.path()), inferenceKey, route.method().equals("POST")
                    ? "{\"model\":\"" + model + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
                            + (route.path().endsWith("/responses") ? ",\"input\":\"hi\"" : "") + "}"
                    : null);
            assertThat(r.status()).as("%s %s: %s", route.method(), route.path(), r.body()).isEqualTo(200);
        }
    }

    @Test
    void aManagementKeyAskedForManagesAndEveryListShowsEachKeysKind() throws Exception {
        Stack.Reply made = stack.call("POST", "/api/v1/keys", managementKey, "{\"name\":\"ops\",\"management\":true}");
        assertThat(made.status()).isEqualTo(201);
        assertThat(made.json().get("kind").asText()).isEqualTo("management");
        String ops = made.json().get("key").asText();
        assertThat(stack.call("GET", "/api/v1/byok", ops, null).status()).isEqualTo(200);
        assertThat(stack.call("GET", "/api/v1/key", ops, null).json().at("/data/kind").asText()).isEqualTo("management");

        Map<String, String> kinds = new LinkedHashMap<>();
        for (JsonNode key : stack.call("GET", "/api/v1/keys", ops, null).json().get("data")) {
            kinds.put(key.get("name").asText(), key.get("kind").asText());
        }
        assertThat(kinds).containsEntry("default", "management").containsEntry("app", "inference").containsEntry("ops", "management");
        assertThat(stack.call("POST", "/api/v1/keys", managementKey, "{\"management\":\"yes\"}").status()).isEqualTo(400);
        assertThat(stack.call("DELETE", "/api/v1/keys/" + made.json().get("id").asText(), managementKey, null).status()).isEqualTo(204);
    }

    private String fill(String path) {
        return path.replace(":provider", "openai").replace("/byok/:id", "/byok/" + byokId)
                .replace("/keys/:id", "/keys/" + managementKeyId).replace(":name", "fast").replace(":id", "00000000-0000-0000-0000-000000000000");
    }

    /** What a management caller sees of the account: a refused request must leave all of it as it was. */
    private Map<String, String> accountState() throws Exception {
        Map<String, String> state = new LinkedHashMap<>();
        for (String path : List.of("/api/v1/byok", "/api/v1/byok/" + byokId, "/api/v1/keys", "/api/v1/presets", "/api/v1/presets/fast",
                "/api/v1/byok/pools/openai", "/api/v1/credits")) {
            Stack.Reply r = stack.call("GET", path, managementKey, null);
            assertThat(r.status()).as(path).isEqualTo(200);
            JsonNode json = r.json();
            stripMoving(json);
            state.put(path, json.toString());
        }
        return state;
    }

    /** Use stamps move with every served request; they are not the account's settings. */
    private static void stripMoving(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            object.remove("last_used_at");
            object.forEach(InferenceKeyScopeTest::stripMoving);
        } else if (node.isArray()) {
            node.forEach(InferenceKeyScopeTest::stripMoving);
        }
    }
}
