package dev.anyrouter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad input gets a clear error in the OpenAI error shape, and changes nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputsTest {
    @TempDir
    static Path dataDir;

    Stack stack;
    String key;

    @BeforeAll
    void start() throws Exception {
        stack = new Stack(dataDir, Map.of("max-request-bytes", "4096"));
        key = stack.signup("bad@example.com");
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    private void expectError(Stack.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode error = reply.json().get("error");
        assertThat(error).as(reply.body()).isNotNull();
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isNotBlank();
        if (code != null) assertThat(error.get("code").asText()).isEqualTo(code);
    }

    private int byokCount() throws Exception {
        return stack.call("GET", "/api/v1/byok", key, null).json().get("data").size();
    }

    @Test
    void chatRequestsThatCannotBeServedSayWhy() throws Exception {
        String path = "/api/v1/chat/completions";
        expectError(stack.call("POST", path, null, "{}"), 401, "invalid_api_key");
        expectError(stack.call("POST", path, "sk-ar-v1-notarealkey", "{}"), 401, "invalid_api_key");
        expectError(stack.call("POST", path, key, "{\"model\":"), 400, "invalid_request");
        expectError(stack.call("POST", path, key, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400, "invalid_request");
        expectError(stack.call("POST", path, key, "{\"model\":\"openai/gpt-4.1\"}"), 400, "invalid_request");
        expectError(stack.call("POST", path, key, "{\"model\":\"openai/gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(5000) + "\"}]}"), 413, "request_too_large");
        expectError(stack.call("POST", path, key, "{\"model\":\"nobody-knows-this\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                400, "model_not_found");
        Stack.Reply noKey = stack.call("POST", path, key, "{\"model\":\"mistral/mistral-large-latest\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        expectError(noKey, 400, "no_provider_key");
        assertThat(noKey.json().at("/error/message").asText()).contains("mistral").contains("/byok");
    }

    @Test
    void rejectedOrUnreachableKeysAreNeverStored() throws Exception {
        int before = byokCount();
        Stack.Reply rejected = stack.addKey(key, "sk-mock-invalid-0001", "bad");
        expectError(rejected, 422, "key_rejected");
        assertThat(rejected.body()).doesNotContain("sk-mock-invalid-0001");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Stack.Reply unreachable = stack.call("POST", "/api/v1/byok", key, "{\"provider\":\"openai\",\"key\":\"sk-mock-ok-0002\","
                + "\"base_url\":\"http://127.0.0.1:" + closedPort + "/v1\"}");
        expectError(unreachable, 502, "validation_unreachable");
        stack.scriptMock("sk-mock-down-0003", 500);
        expectError(stack.addKey(key, "sk-mock-down-0003", "down"), 502, "validation_unreachable");
        assertThat(byokCount()).isEqualTo(before);
    }

    @Test
    void malformedKeyRequestsAreRefusedField() throws Exception {
        int before = byokCount();
        String path = "/api/v1/byok";
        expectError(stack.call("POST", path, key, "{\"provider\":\"nope\",\"key\":\"sk-1\"}"), 400, "invalid_request");
        expectError(stack.call("POST", path, key, "{\"provider\":\"openai\"}"), 400, "invalid_request");
        expectError(stack.call("POST", path, key, "{\"provider\":\"openai\",\"key\":\"sk has spaces\"}"), 400, "invalid_request");
        expectError(stack.call("POST", path, key, "{\"provider\":\"openai\",\"key\":\"sk-1\",\"colour\":\"red\"}"), 400, "invalid_request");
        expectError(stack.call("POST", path, key, "{\"provider\":\"openai\",\"key\":\"sk-1\",\"priority\":\"high\"}"), 400, "invalid_request");
        expectError(stack.call("POST", path, key, "{\"provider\":\"openai\",\"key\":\"sk-1\",\"headers\":{\"Host\":\"evil\"}}"), 400, "invalid_request");
        expectError(stack.call("POST", path, key, "{\"provider\":\"openai\",\"key\":\"sk-1\",\"scope\":[\"not-my-key\"]}"), 400, "invalid_request");
        expectError(stack.call("POST", path, key, "{\"provider\":\"openai\",\"key\":\"sk-1\",\"base_url\":\"ftp://x\"}"), 400, "upstream_refused");
        String id = stack.addKey(key, "sk-mock-patch-0004", "patchme").json().get("id").asText();
        expectError(stack.call("PATCH", path + "/" + id, key, "{\"key\":\"sk-new\"}"), 400, "invalid_request");
        expectError(stack.call("PATCH", path + "/" + id, key, "{\"status\":\"quarantined\"}"), 400, "invalid_request");
        expectError(stack.call("PATCH", path + "/" + id, key, "{}"), 400, "invalid_request");
        assertThat(stack.call("GET", path + "/" + id, key, null).json().get("alias").asText()).isEqualTo("patchme");
        assertThat(stack.call("DELETE", path + "/" + id, key, null).status()).isEqualTo(204);
        assertThat(byokCount()).isEqualTo(before);
    }

    @Test
    void accountsRefuseBadSignupsAndWrongPasswords() throws Exception {
        String signup = "/api/v1/auth/signup";
        expectError(stack.call("POST", signup, null, "{\"email\":\"bad@example.com\",\"password\":\"another password 1\"}"), 409, "email_taken");
        expectError(stack.call("POST", signup, null, "{\"email\":\"not-an-email\",\"password\":\"long enough pw\"}"), 400, "invalid_request");
        expectError(stack.call("POST", signup, null, "{\"email\":\"x@example.com\",\"password\":\"short\"}"), 400, "weak_password");
        expectError(stack.call("POST", signup, null, "{\"email\":\"x@example.com\""), 400, "invalid_request");
        expectError(stack.call("POST", "/api/v1/auth/login", null, "{\"email\":\"bad@example.com\",\"password\":\"wrong password\"}"),
                401, "invalid_credentials");
        // The duplicate sign-up changed nothing: the first password still works.
        Stack.Reply login = stack.call("POST", "/api/v1/auth/login", null,
                "{\"email\":\"bad@example.com\",\"password\":\"correct horse battery staple\"}");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.headers().get("set-cookie")).anySatisfy(c -> assertThat(c).containsIgnoringCase("HttpOnly").contains("SameSite=Strict"));
    }

    @Test
    void unknownEndpointsAnswerInTheSameShape() throws Exception {
        expectError(stack.call("GET", "/api/v1/nothing-here", key, null), 404, "not_found");
    }
}
