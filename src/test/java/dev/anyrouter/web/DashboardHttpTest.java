package dev.anyrouter.web;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's guards, tested over raw HTTP: CSRF, session cookies, headers, and one account never seeing another's. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardHttpTest {
    private static final List<String> PAGES = List.of("/byok", "/keys", "/logs", "/analytics", "/credits", "/presets", "/quickstart",
            "/account", "/models");

    @TempDir
    static Path dataDir;

    WebStack stack;

    @BeforeAll
    void start() throws Exception {
        stack = new WebStack(dataDir);
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    @Test
    void aFormPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        WebClient a = new WebClient(stack.origin());
        String apiKey = a.signUp("csrf@example.com");
        String keyId = addKey(a, apiKey, "sk-mock-csrf-0001", "csrf-key");
        String csrf = a.logIn("csrf@example.com");

        HttpResponse<String> noToken = a.postForm("/byok/" + keyId + "/delete", WebClient.form());
        HttpResponse<String> wrongToken = a.postForm("/byok/" + keyId + "/delete", WebClient.form("_csrf", csrf + "x"));
        HttpResponse<String> newKeyNoToken = a.postForm("/keys", WebClient.form("name", "forged"));

        assertThat(List.of(noToken.statusCode(), wrongToken.statusCode(), newKeyNoToken.statusCode())).containsOnly(403);
        assertThat(noToken.body()).contains("This form has expired");
        assertThat(a.json("GET", "/api/v1/byok/" + keyId, apiKey, null).statusCode()).isEqualTo(200);
        assertThat(a.get("/keys").body()).doesNotContain("forged");

        HttpResponse<String> withToken = a.postForm("/byok/" + keyId + "/delete", WebClient.form("_csrf", csrf));
        assertThat(withToken.statusCode()).isEqualTo(303);
        assertThat(a.json("GET", "/api/v1/byok/" + keyId, apiKey, null).statusCode()).isEqualTo(404);
    }

    @Test
    void theLoginFormNeedsItsOwnTokenAndSetsAStrictHttpOnlySessionCookie() throws Exception {
        WebClient setup = new WebClient(stack.origin());
        setup.signUp("cookie@example.com");

        WebClient forger = new WebClient(stack.origin());
        HttpResponse<String> forged = forger.postForm("/login", WebClient.form("email", "cookie@example.com",
                "password", "correct horse battery staple"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().allValues("set-cookie")).noneMatch(c -> c.startsWith(SessionGate.COOKIE + "="));

        WebClient user = new WebClient(stack.origin());
        String token = hidden(user.get("/login").body(), "_csrf");
        HttpResponse<String> login = user.postForm("/login", WebClient.form("_csrf", token, "next", "//evil.example/x",
                "email", "cookie@example.com", "password", "correct horse battery staple"));
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("location")).hasValue("/byok");
        String cookie = login.headers().allValues("set-cookie").stream()
                .filter(c -> c.startsWith(SessionGate.COOKIE + "=")).findFirst().orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/");
        assertThat(user.get("/byok").statusCode()).isEqualTo(200);
    }

    @Test
    void everyPageForbidsFramingAndRunsNoInlineScriptOrStyle() throws Exception {
        WebClient a = new WebClient(stack.origin());
        a.signUp("headers@example.com");
        a.logIn("headers@example.com");
        for (String path : concat(PAGES, List.of("/login", "/byok/new?provider=anthropic"))) {
            HttpResponse<String> page = path.equals("/login") ? new WebClient(stack.origin()).get(path) : a.get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            String csp = page.headers().firstValue("content-security-policy").orElseThrow();
            assertThat(csp).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe");
            assertThat(page.headers().firstValue("x-frame-options")).hasValue("DENY");
            assertThat(page.headers().firstValue("cache-control")).hasValue("no-store");
            String html = page.body();
            assertThat(html).as(path).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>")
                    .doesNotContainPattern("\\son[a-z]+\\s*=").doesNotContainPattern("\\sstyle\\s*=")
                    .doesNotContainPattern("(src|href)=\"(https?:)?//(?!127\\.0\\.0\\.1)[^\"]*\\.(js|css)");
        }
        HttpResponse<String> htmx = a.get("/static/htmx.min.js");
        assertThat(htmx.statusCode()).isEqualTo(200);
        assertThat(htmx.headers().firstValue("content-type").orElse("")).startsWith("text/javascript");
        assertThat(htmx.body()).contains("htmx");
    }

    @Test
    void aPageWithoutASessionRedirectsToLoginWithTheWayBack() throws Exception {
        WebClient stranger = new WebClient(stack.origin());
        for (String path : PAGES) {
            HttpResponse<String> r = stranger.get(path + "?x=1");
            assertThat(r.statusCode()).as(path).isEqualTo(303);
            assertThat(r.headers().firstValue("location").orElseThrow())
                    .isEqualTo("/login?next=" + java.net.URLEncoder.encode(path + "?x=1", java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void accountBCannotSeeOrChangeAccountAsKeysOrLogs() throws Exception {
        WebClient a = new WebClient(stack.origin());
        String aKey = a.signUp("owner@example.com");
        String keyId = addKey(a, aKey, "sk-mock-owner-0042", "owners-key");
        HttpResponse<String> chat = a.json("POST", "/api/v1/chat/completions", aKey,
                "{\"model\":\"openai/gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        String logId = waitForLogId(a, aKey);

        WebClient b = new WebClient(stack.origin());
        b.signUp("other@example.com");
        String bCsrf = b.logIn("other@example.com");
        assertThat(b.get("/byok").body()).doesNotContain("owners-key").doesNotContain(keyId);
        assertThat(b.get("/logs").body()).doesNotContain(logId);
        assertThat(b.get("/byok/" + keyId + "/edit").statusCode()).isEqualTo(404);
        assertThat(b.get("/byok/" + keyId + "/delete").statusCode()).isEqualTo(404);
        assertThat(b.get("/logs/" + logId).statusCode()).isEqualTo(404);
        assertThat(b.postForm("/byok/" + keyId + "/delete", WebClient.form("_csrf", bCsrf)).statusCode()).isEqualTo(404);
        assertThat(b.postForm("/byok/" + keyId + "/status", WebClient.form("_csrf", bCsrf, "status", "disabled")).statusCode())
                .isEqualTo(404);
        assertThat(b.postForm("/byok/" + keyId, WebClient.form("_csrf", bCsrf, "alias", "stolen")).statusCode()).isEqualTo(404);

        a.logIn("owner@example.com");
        assertThat(a.get("/byok").body()).contains("owners-key").doesNotContain("stolen").contains("status-active");
        assertThat(a.get("/logs/" + logId).body()).contains("owners-key");
    }

    private String addKey(WebClient client, String apiKey, String secret, String alias) throws Exception {
        HttpResponse<String> r = client.json("POST", "/api/v1/byok", apiKey, "{\"provider\":\"openai\",\"key\":\"" + secret
                + "\",\"alias\":\"" + alias + "\",\"base_url\":\"" + stack.mockBase() + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return WebClient.parse(r).get("id").asText();
    }

    private static String waitForLogId(WebClient client, String apiKey) throws Exception {
        for (int i = 0; i < 50; i++) {
            var data = WebClient.parse(client.json("GET", "/api/v1/logs", apiKey, null)).get("data");
            if (!data.isEmpty()) return data.get(0).get("id").asText();
            Thread.sleep(100);
        }
        throw new AssertionError("no usage record was written");
    }

    @Test
    void theAccountPageChangesThePasswordSignsOutOtherBrowsersAndCanSignOutEverywhere() throws Exception {
        WebClient here = new WebClient(stack.origin());
        here.signUp("account@example.com");
        String csrf = here.logIn("account@example.com");
        WebClient elsewhere = new WebClient(stack.origin());
        elsewhere.logIn("account@example.com");

        HttpResponse<String> page = here.get("/account");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Change password").contains("(this browser)").contains("Sign out everywhere");
        assertThat(page.body().split("<tr id=\"session-", -1)).hasSize(3);

        HttpResponse<String> weak = here.postForm("/account/password", WebClient.form("_csrf", csrf,
                "current_password", "correct horse battery staple", "new_password", "password2024!"));
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("most common");
        HttpResponse<String> wrong = here.postForm("/account/password", WebClient.form("_csrf", csrf,
                "current_password", "not the password", "new_password", "a brand new passphrase"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(elsewhere.get("/account").statusCode()).as("nothing changed yet").isEqualTo(200);

        HttpResponse<String> posted = here.postForm("/account/password", WebClient.form("_csrf", csrf,
                "current_password", "correct horse battery staple", "new_password", "a brand new passphrase"));
        assertThat(posted.statusCode()).as("post/redirect/get: a reload sends no second change").isEqualTo(303);
        assertThat(posted.headers().firstValue("location")).hasValue("/account");
        HttpResponse<String> changed = here.get("/account");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("Password changed. 1 other browser was signed out.");
        assertThat(here.get("/account").body()).as("shown once").doesNotContain("Password changed.");
        String newCsrf = hidden(changed.body(), "_csrf");
        assertThat(newCsrf).as("the session was rotated").isNotEqualTo(csrf);
        assertThat(elsewhere.get("/account").statusCode()).as("the other browser goes to the login page").isEqualTo(303);
        assertThat(here.get("/account").statusCode()).isEqualTo(200);

        HttpResponse<String> everywhere = here.postForm("/account/sessions/end-all", WebClient.form("_csrf", newCsrf));
        assertThat(everywhere.statusCode()).isEqualTo(303);
        assertThat(everywhere.headers().firstValue("location")).hasValue("/login");
        assertThat(here.get("/account").statusCode()).isEqualTo(303);
    }

    private static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) throw new AssertionError("no hidden field " + name);
        return m.group(1);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
