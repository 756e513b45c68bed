package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What another site's page can make a browser send is refused: a body that is not
 * {@code application/json} (a form, {@code text/plain}) gets 415 in the client's wire shape and sets
 * no cookie, so a forged form cannot log a victim into an attacker's account; a change riding on the
 * session cookie from another origin gets 403 even with the right CSRF token. The dashboard's own
 * forms, and clients that send JSON, are unaffected.
 */
class CrossSiteTest {
    private static final String LOGIN = "{\"email\":\"victim@example.com\",\"password\":\"correct horse battery staple\"}";

    @TempDir
    Path dataDir;

    Stack stack;

    @BeforeEach
    void start() throws Exception {
        stack = new Stack(dataDir);
        stack.signup("victim@example.com");
    }

    @AfterEach
    void stop() throws Exception {
        stack.close();
    }

    @Test
    void aLoginThatIsNotJsonIsRefusedAndSetsNoCookie() throws Exception {
        for (String type : List.of("text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            Stack.Reply r = stack.raw("POST", "/api/v1/auth/login", LOGIN, Map.of("content-type", type));
            assertThat(r.status()).as(type).isEqualTo(415);
            assertThat(r.headers()).as(type).doesNotContainKey("set-cookie");
            assertThat(r.json().at("/error/code").asText()).isEqualTo("unsupported_media_type");
            assertThat(r.json().at("/error/message").asText()).contains("application/json");
        }
        Stack.Reply none = stack.raw("POST", "/api/v1/auth/login", LOGIN, Map.of());
        assertThat(none.status()).as("no content type at all").isEqualTo(415);
        assertThat(none.headers()).doesNotContainKey("set-cookie");

        Stack.Reply json = stack.raw("POST", "/api/v1/auth/login", LOGIN, Map.of("content-type", "Application/JSON; charset=utf-8"));
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.headers()).containsKey("set-cookie");
    }

    @Test
    void everyJsonEndpointRefusesOtherBodiesInItsOwnWire() throws Exception {
        String key = stack.signup("app@example.com");
        Stack.Reply chat = stack.raw("POST", "/api/v1/chat/completions", "{\"model\":\"openai/gpt-4.1-mini\",\"messages\":[]}",
                Map.of("content-type", "text/plain", "authorization", "Bearer " + key));
        assertThat(chat.status()).isEqualTo(415);
        assertThat(chat.json().at("/error/code").asText()).isEqualTo("unsupported_media_type");

        Stack.Reply messages = stack.raw("POST", "/api/v1/messages?beta=true", "{\"model\":\"claude-sonnet-4-5\"}",
                Map.of("content-type", "text/plain", "x-api-key", key));
        assertThat(messages.status()).isEqualTo(415);
        assertThat(messages.json().get("type").asText()).as("the Anthropic shape").isEqualTo("error");
        assertThat(messages.json().at("/error/type").asText()).isEqualTo("invalid_request_error");

        Stack.Reply byok = stack.raw("POST", "/api/v1/byok", "provider=openai&key=sk-x",
                Map.of("content-type", "application/x-www-form-urlencoded", "authorization", "Bearer " + key));
        assertThat(byok.status()).isEqualTo(415);
        assertThat(stack.call("GET", "/api/v1/byok", key, null).json().get("data")).as("nothing was stored").isEmpty();
        // No body, no type needed.
        String id = stack.call("POST", "/api/v1/keys", key, "{\"name\":\"short-lived\"}").json().get("id").asText();
        Stack.Reply empty = stack.raw("DELETE", "/api/v1/keys/" + id, null, Map.of("authorization", "Bearer " + key));
        assertThat(empty.status()).as(empty.body()).isEqualTo(204);
    }

    @Test
    void aCookieChangeFromAnotherOriginIsRefusedEvenWithItsCsrfToken() throws Exception {
        Stack.Reply login = stack.call("POST", "/api/v1/auth/login", null, LOGIN);
        String cookie = login.headers().get("set-cookie").getFirst().split(";")[0];
        String csrf = login.json().get("csrf_token").asText();
        String here = "http://127.0.0.1:" + stack.gateway.port();
        Map<String, String> session = Map.of("cookie", cookie, "x-csrf-token", csrf, "content-type", "application/json");

        for (Map<String, String> foreign : List.of(Map.of("origin", "https://evil.example"), Map.of("origin", "null"),
                Map.of("origin", "http://127.0.0.1:1"), Map.of("sec-fetch-site", "cross-site"), Map.of("sec-fetch-site", "same-site"))) {
            Map<String, String> headers = new java.util.HashMap<>(session);
            headers.putAll(foreign);
            Stack.Reply r = stack.raw("POST", "/api/v1/keys", "{\"name\":\"forged\",\"management\":true}", headers);
            assertThat(r.status()).as(foreign.toString()).isEqualTo(403);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("cross_site_request");
        }
        Map<String, String> same = new java.util.HashMap<>(session);
        same.put("origin", here);
        same.put("sec-fetch-site", "same-origin");
        assertThat(stack.raw("POST", "/api/v1/keys", "{\"name\":\"mine\"}", same).status()).isEqualTo(201);
        assertThat(stack.raw("GET", "/api/v1/keys", null, Map.of("cookie", cookie, "origin", "https://evil.example")).json()
                .get("data").toString()).as("reading is not a change; the forged keys were never made").doesNotContain("forged").contains("mine");

        // The dashboard's own forms (urlencoded, not under /api) keep working from its pages, and not from others.
        String page = stack.raw("GET", "/keys", null, Map.of("cookie", cookie)).body();
        String formToken = page.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        Map<String, String> form = Map.of("cookie", cookie, "content-type", "application/x-www-form-urlencoded", "origin", here);
        Stack.Reply made = stack.raw("POST", "/keys", "_csrf=" + formToken + "&name=from-the-page&kind=inference", form);
        assertThat(made.status()).as("post/redirect/get: " + made.body()).isEqualTo(303);
        assertThat(stack.raw("GET", "/keys", null, Map.of("cookie", cookie)).body()).contains("from-the-page");
        Stack.Reply forged = stack.raw("POST", "/keys", "_csrf=" + formToken + "&name=forged-form&kind=management",
                Map.of("cookie", cookie, "content-type", "application/x-www-form-urlencoded", "origin", "https://evil.example"));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(stack.raw("GET", "/keys", null, Map.of("cookie", cookie)).body()).doesNotContain("forged-form");
    }
}
