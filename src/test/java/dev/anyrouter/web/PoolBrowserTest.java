package dev.anyrouter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /pool page in a real browser, at a laptop's and a phone's width: the program and the
 * providers' decisions with their sources, the consent asked for before any key may donate, a
 * key of an ineligible provider refused "on" (the page says why) but accepted "ready", a key of
 * the provider the operator marked eligible switched on and shown donating, and /byok's way there.
 * Nothing the browser received holds a saved key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolBrowserTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path dir;

    WebStack stack;
    Browser browser;
    final List<String> savedKeys = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        Path override = dir.resolve("operator-catalog.yaml");
        Files.writeString(override, """
                providers:
                  - id: groq
                    donation: {permitted: true, source: "https://example.com/our-groq-agreement", checked: 2026-12-08}
                """);
        stack = new WebStack(dir.resolve("data"), Map.of("signup-grants-per-address", "0", "catalog-file", override.toString()));
        browser = new Browser();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            List<String> hits = new ArrayList<>();
            synchronized (browser.seen) {
                assertThat(browser.seen).isNotEmpty();
                for (String text : browser.seen) {
                    for (String key : savedKeys) {
                        for (String form : List.of(key, Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)),
                                URLEncoder.encode(key, StandardCharsets.UTF_8))) {
                            if (text.contains(form)) hits.add(text.lines().findFirst().orElse("?"));
                        }
                    }
                }
            }
            assertThat(hits).as("a saved key reached the browser").isEmpty();
            List<String> errors = new ArrayList<>(browser.errors);
            // The refused "on" and "ready" before consent answer 4xx on purpose; Chromium logs each as a failed load.
            errors.removeIf(e -> e.contains("status of 409") || e.contains("status of 422"));
            assertThat(errors).as("console errors").isEmpty();
        } finally {
            browser.close();
            stack.close();
        }
    }

    @Test
    void consentThenReadyForAnIneligibleProviderAndOnForAnEligibleOne() throws Exception {
        for (int[] size : new int[][] {{1280, 860}, {390, 844}}) {
            Page page = browser.newPage(size[0], size[1]);
            String email = "donor-" + size[0] + "@example.com";
            String apiKey = signUp(page, email);
            String openaiId = addKey(apiKey, "openai", "sk-mock-pool-openai-" + size[0] + "-7301", "spare openai");
            String groqId = addKey(apiKey, "groq", "gsk_mockpoolgroq" + size[0] + "7302", "spare groq");

            // /byok leads to the pool from each key's row.
            page.navigate(stack.origin() + "/byok");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Donate spare openai to the pool")).click();
            page.waitForURL(Pattern.compile(".*/pool#key-" + openaiId));
            assertThat(page.locator("#how-title").isVisible()).isTrue();
            assertThat(page.locator("#eligible").innerText()).contains("Groq").contains("source");
            assertThat(page.locator("#pool-providers").innerText()).contains("OpenAI").contains("help.openai.com");
            assertThat(page.locator("#consent-text").innerText()).contains("5 %");
            assertThat(page.locator("#key-" + openaiId + " .state").innerText()).isEqualTo("off");
            browser.screenshot(page, "pool-" + size[0]);

            // No consent yet: ready is refused and the page says what to do.
            choose(page, openaiId, "ready");
            assertThat(page.locator("#pool-error").innerText()).contains("consent");
            assertThat(page.locator("#key-" + openaiId + " .state").innerText()).isEqualTo("off");

            // The consent dialog: the versioned text, one button.
            page.locator("#accept-consent").click();
            page.waitForURL(Pattern.compile(".*/pool\\?notice=consented.*"));
            assertThat(page.locator("#consent-state").innerText()).contains("You accepted");
            page.reload(); // a reload after the POST changes nothing and shows the same state
            assertThat(page.locator("#consent-state").isVisible()).isTrue();

            // OpenAI's terms do not permit it: "on" is refused, naming why; "ready" is kept and shown.
            choose(page, openaiId, "on");
            assertThat(page.locator("#pool-error").innerText()).contains("cannot serve the pool").contains("ready");
            assertThat(page.locator("#key-" + openaiId + " .state").innerText()).isEqualTo("off");
            choose(page, openaiId, "ready");
            page.waitForURL(Pattern.compile(".*/pool\\?notice=changed.*"));
            assertThat(page.locator("#key-" + openaiId + " .state").innerText()).isEqualTo("ready");

            // Groq is eligible on this server: on, and shown donating.
            choose(page, groqId, "on");
            page.waitForURL(Pattern.compile(".*/pool\\?notice=changed.*"));
            assertThat(page.locator("#key-" + groqId + " .state").innerText()).isEqualTo("donating");
            assertThat(page.locator("#pool-keys").evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1")).isEqualTo(true);
            browser.screenshot(page, "pool-donating-" + size[0]);

            // Off again at once.
            choose(page, groqId, "off");
            page.waitForURL(Pattern.compile(".*/pool\\?notice=changed.*"));
            assertThat(page.locator("#key-" + groqId + " .state").innerText()).isEqualTo("off");
            page.close();
        }
    }

    private static void choose(Page page, String keyId, String state) {
        Locator row = page.locator("#key-" + keyId);
        row.locator("select[name=donation]").selectOption(state);
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
        page.waitForLoadState();
    }

    private String signUp(Page page, String email) {
        return Browser.signUp(page, stack.origin(), email, PASSWORD);
    }

    /** Saves a key through the API (the add-key dialog has its own tests), pointed at the mock. */
    private String addKey(String apiKey, String provider, String secret, String alias) throws Exception {
        savedKeys.add(secret);
        var http = java.net.http.HttpClient.newHttpClient();
        var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.apiBase() + "/byok"))
                .header("authorization", "Bearer " + apiKey).header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"provider\":\"" + provider + "\",\"key\":\"" + secret
                        + "\",\"alias\":\"" + alias + "\",\"base_url\":\"" + stack.mockBase() + "\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return dev.anyrouter.protocol.Json.parse(r.body().getBytes(StandardCharsets.UTF_8)).get("id").asText();
    }
}
