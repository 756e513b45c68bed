package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Vertex service account's access tokens through the whole gateway, counted at the mock's token
 * endpoint (which verifies each RS256 JWT grant): 100 concurrent requests on a credential with no
 * token yet mint exactly one; a token the upstream stops accepting (revoked) is refreshed once and
 * the request is served on the new one; when the refresh itself is refused (the key revoked), the
 * key is quarantined after that one refresh and no request tries it again. Neither the private key
 * nor any minted token is anywhere the run wrote.
 */
class VertexTokenLifecycleTest {
    private static final String MODEL = "vertex/gemini-2.5-pro";

    @TempDir
    Path dataDir;

    @Test
    void oneMintForAHundredColdRequestsOneRefreshForARevokedTokenThenQuarantine() throws Exception {
        List<String> secrets = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        try (LogCapture logs = LogCapture.attach()) {
            try (Stack stack = new Stack(dataDir)) {
                String mock = "http://127.0.0.1:" + stack.mock.port();
                String apiKey = stack.signup("tokens@example.com");
                ObjectNode keyFile = (ObjectNode) stack.call("POST", mock + "/_mock/google/service-accounts", null,
                        "{\"project\":\"acme-tokens\",\"name\":\"lifecycle\"}").json();
                String email = keyFile.path("client_email").asText();
                List<String> pem = keyFile.path("private_key").asText().lines().filter(l -> !l.startsWith("-----")).toList();
                secrets.add(pem.get(1));
                secrets.add(pem.get(pem.size() / 2));
                Stack.Reply saved = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"vertex\",\"alias\":\"sa\",\"base_url\":\""
                        + mock + "\",\"key\":" + keyFile.deepCopy().put("region", "us-east5") + "}");
                assertThat(saved.status()).as(saved.body()).isEqualTo(201);
                String id = saved.json().path("id").asText();
                int afterSave = grants(stack, mock, email);

                // 100 at once on a credential the request path has no token for yet: one grant.
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(stack.gatewayBase() + "/chat/completions"))
                            .header("authorization", "Bearer " + apiKey).header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(chat())).build(), HttpResponse.BodyHandlers.ofString()));
                }
                for (CompletableFuture<HttpResponse<String>> call : calls) {
                    HttpResponse<String> r = call.get(60, TimeUnit.SECONDS);
                    bodies.add(r.body());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                }
                assertThat(grants(stack, mock, email) - afterSave).as("tokens minted for 100 concurrent cold requests").isEqualTo(1);
                secrets.addAll(tokens(stack, mock, email));

                // The token is revoked upstream: the next request gets a 401, refreshes once, and is served.
                stack.call("POST", mock + "/_mock/google/revoke", null, "{\"client_email\":\"" + email + "\"}");
                stack.call("DELETE", mock + "/_mock/requests", null, null);
                Stack.Reply served = stack.call("POST", "/api/v1/chat/completions", apiKey, chat());
                bodies.add(served.body());
                assertThat(served.status()).as(served.body()).isEqualTo(200);
                assertThat(grants(stack, mock, email) - afterSave).as("one refresh").isEqualTo(2);
                assertThat(calls(stack, mock)).containsExactly("publisher", "token", "publisher");
                assertThat(status(stack, apiKey, id)).isEqualTo("active");
                secrets.addAll(tokens(stack, mock, email));

                // The key is revoked too: the refresh is refused, and after that one refresh the key is quarantined.
                stack.call("POST", mock + "/_mock/google/revoke", null, "{\"client_email\":\"" + email + "\",\"key\":true}");
                stack.call("DELETE", mock + "/_mock/requests", null, null);
                Stack.Reply refused = stack.call("POST", "/api/v1/chat/completions", apiKey, chat());
                bodies.add(refused.body());
                assertThat(refused.status()).as(refused.body()).isGreaterThanOrEqualTo(400);
                assertThat(calls(stack, mock)).containsExactly("publisher", "token");
                assertThat(status(stack, apiKey, id)).isEqualTo("quarantined");
                stack.call("DELETE", mock + "/_mock/requests", null, null);
                bodies.add(stack.call("POST", "/api/v1/chat/completions", apiKey, chat()).body());
                assertThat(calls(stack, mock)).as("a quarantined key is not tried again").isEmpty();
                bodies.addAll(stack.bodiesSeen);
            }
            assertThat(secrets).hasSizeGreaterThanOrEqualTo(4);
            for (String secret : secrets) {
                assertThat(SecretScan.inTexts("log", logs.lines(), secret)).isEmpty();
                assertThat(SecretScan.inTexts("response", bodies, secret)).isEmpty();
                assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), secret)).isEmpty();
                assertThat(SecretScan.inFiles(dataDir, secret)).isEmpty();
            }
        }
    }

    private static String chat() {
        return "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";
    }

    private static int grants(Stack stack, String mock, String email) throws Exception {
        return stack.call("GET", mock + "/_mock/google/grants?client_email=" + email, null, null).json().path("grants").asInt();
    }

    private static List<String> tokens(Stack stack, String mock, String email) throws Exception {
        List<String> out = new ArrayList<>();
        stack.call("GET", mock + "/_mock/google/grants?client_email=" + email, null, null).json().path("tokens").forEach(t -> out.add(t.asText()));
        return out;
    }

    /** The mock's calls since the last reset: "token" for a grant, "publisher" for a model call. */
    private static List<String> calls(Stack stack, String mock) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode r : stack.call("GET", mock + "/_mock/requests", null, null).json()) {
            out.add(r.path("path").asText().equals("/token") ? "token" : "publisher");
        }
        return out;
    }

    private static String status(Stack stack, String apiKey, String id) throws Exception {
        return stack.call("GET", "/api/v1/byok/" + id, apiKey, null).json().path("status").asText();
    }
}
