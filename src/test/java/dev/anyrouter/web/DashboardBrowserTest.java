package dev.anyrouter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as a person uses it, in a real browser: sign up, add a key against the mock
 * upstream, see it masked, call the gateway with the official SDK, find the request in the logs.
 * Whatever the browser received, and whatever any screenshot showed, never holds a saved key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path dataDir;

    WebStack stack;
    Browser browser;
    final List<String> savedKeys = new ArrayList<>();
    /** Console errors a test caused on purpose ("status of 403"), each forgiven once. */
    final List<String> expectedRefusals = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        // Every account of this class signs up from 127.0.0.1 and expects the opening $2.00: no per-address limit here
        // (SignupCreditTest covers the limit).
        browser = new Browser(); // first: a machine without a browser hears so at once, not after the stack started
        stack = new WebStack(dataDir, java.util.Map.of("signup-grants-per-address", "0"));
    }

    @AfterAll
    void stop() throws Exception {
        if (browser == null) return; // no browser here: start() already said what to install
        try {
            assertNoSavedKeyReachedTheBrowser();
            // Chromium logs each refusal the tests ask for as a failed load: the refused key's 422, and the
            // account page's wrong current password (403) and common new password (400), once each.
            List<String> errors = new ArrayList<>(browser.errors);
            errors.removeIf(e -> e.contains("status of 422"));
            for (String asked : expectedRefusals) errors.remove(errors.stream().filter(e -> e.contains(asked)).findFirst().orElse(asked));
            assertThat(errors).as("console errors").isEmpty();
        } finally {
            browser.close();
            stack.close();
        }
    }

    @Test
    void signUpAddAKeySeeItMaskedAndFindTheSdkRequestInTheLogs() throws Exception {
        Page page = browser.newPage();
        String apiKey = signUp(page, "first@example.com");

        page.navigate(stack.origin() + "/byok");
        browser.screenshot(page, "byok-empty");
        String secret = "sk-mock-web-" + Long.toHexString(System.nanoTime()) + "9f3a";
        savedKeys.add(secret);
        openAddKeyDialog(page, "OpenAI");
        browser.screenshot(page, "byok-add-dialog");
        fillKeyForm(page, secret, "laptop-openai");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        page.waitForURL(Pattern.compile(".*/byok\\?notice=saved.*"));

        Locator row = page.locator("#provider-openai tbody tr");
        assertThat(row.count()).isEqualTo(1);
        assertThat(row.first().locator(".alias").innerText()).isEqualTo("laptop-openai");
        String masked = row.first().locator(".masked").innerText();
        assertThat(masked).endsWith("9f3a").doesNotContain(secret.substring(4, secret.length() - 4));
        assertThat(row.first().innerText()).contains("active").contains("all API keys").contains("never");
        browser.screenshot(page, "byok-saved");
        page.setViewportSize(390, 844);
        browser.screenshot(page, "byok-saved-phone");
        page.setViewportSize(1280, 860);

        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(stack.apiBase()).apiKey(apiKey).maxRetries(0).build();
        try {
            ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("openai/gpt-4.1-mini").addUserMessage("Say hi").build());
            assertThat(reply.choices()).hasSize(1);
        } finally {
            client.close();
        }

        Locator logRow = waitForLogRow(page);
        assertThat(logRow.innerText()).contains("gpt-4.1-mini").contains("openai").contains("laptop-openai").contains("200");
        browser.screenshot(page, "logs");
        page.getByLabel("Status").selectOption("error");
        page.waitForURL(Pattern.compile(".*/logs\\?.*status=error.*"));
        page.locator("#log-results .empty").waitFor();
        assertThat(page.locator("#log-results").innerText()).contains("No request matches");
        page.getByLabel("Status").selectOption("ok");
        page.locator("tr.log-row").first().waitFor();
        logRow = page.locator("tr.log-row").first();
        logRow.locator("a").first().click();
        Locator dialog = page.locator("dialog#dialog[open]");
        assertThat(dialog.innerText()).contains("gpt-4.1-mini").contains("laptop-openai");
        browser.screenshot(page, "logs-detail");
        page.keyboard().press("Escape");
        assertThat(page.locator("dialog#dialog[open]").count()).isZero();

        page.navigate(stack.origin() + "/byok");
        assertThat(page.locator("#provider-openai tbody tr").first().innerText()).doesNotContain("never");
    }

    @Test
    void aRejectedKeyShowsTheProvidersReasonInTheDialogAndNothingIsStored() throws Exception {
        Page page = browser.newPage();
        signUp(page, "rejected@example.com");
        saveKeyThroughTheDialog(page, "kept");
        String before = page.locator("#provider-openai tbody").innerText();

        String bad = "sk-mock-invalid-" + Long.toHexString(System.nanoTime());
        savedKeys.add(bad);
        openAddKeyDialog(page, "OpenAI");
        fillKeyForm(page, bad, "never-stored");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();

        Locator error = page.locator("dialog#dialog[open] #key-error");
        error.waitFor();
        assertThat(error.innerText()).contains("OpenAI rejected the key").contains("401").contains("nothing was stored");
        assertThat(page.evaluate("document.activeElement.id")).isEqualTo("key-error");
        assertThat(page.locator("#key-input").inputValue()).isEmpty();
        assertThat(page.locator("#alias-input").inputValue()).isEqualTo("never-stored");
        browser.screenshot(page, "byok-rejected");

        page.keyboard().press("Escape");
        page.reload();
        assertThat(page.locator("#provider-openai tbody").innerText()).isEqualTo(before).doesNotContain("never-stored");
    }

    @Test
    void aKeyIsEditedSwitchedOffAndOnAndDeletedAfterConfirmationFromItsRow() throws Exception {
        Page page = browser.newPage();
        signUp(page, "edit@example.com");
        saveKeyThroughTheDialog(page, "before");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Edit before")).click();
        page.locator("dialog#dialog[open] #alias-input").waitFor();
        assertThat(page.locator("dialog#dialog input[name=key]").count()).isZero();
        page.locator("#alias-input").fill("after");
        page.locator("#priority-input").fill("5");
        page.locator("dialog#dialog").getByRole(AriaRole.CHECKBOX).first().check();
        browser.screenshot(page, "byok-edit-dialog");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        page.waitForURL(Pattern.compile(".*notice=updated.*"));
        Locator row = page.locator("#provider-openai tbody tr").first();
        assertThat(row.innerText()).contains("after").contains("5").contains("default");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Disable after")).click();
        page.waitForURL(Pattern.compile(".*notice=disabled.*"));
        assertThat(page.locator("#provider-openai .status").innerText()).isEqualTo("disabled");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enable after")).click();
        page.waitForURL(Pattern.compile(".*notice=active.*"));
        assertThat(page.locator("#provider-openai .status").innerText()).isEqualTo("active");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Delete after")).click();
        page.locator("dialog#dialog[open]").waitFor();
        assertThat(page.locator("dialog#dialog").innerText()).contains("cannot be undone");
        browser.screenshot(page, "byok-delete-confirm");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Cancel")).click();
        assertThat(page.locator("#provider-openai tbody tr").count()).isEqualTo(1);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Delete after")).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete key")).click();
        page.waitForURL(Pattern.compile(".*notice=deleted.*"));
        assertThat(page.locator("#provider-openai tbody tr").count()).isZero();
        assertThat(page.locator("#provider-openai").innerText()).contains("No key yet");
    }

    @Test
    void theSearchBoxNarrowsTheProviderCardsAsYouType() throws Exception {
        Page page = browser.newPage();
        signUp(page, "search@example.com");
        page.navigate(stack.origin() + "/byok");
        int all = page.locator(".provider-card:visible").count();
        page.getByLabel("Find a provider or key").fill("groq");
        assertThat(page.locator(".provider-card:visible").count()).isEqualTo(1);
        assertThat(page.locator(".provider-card:visible h3").innerText()).isEqualTo("Groq");
        page.getByLabel("Find a provider or key").fill("no-such-provider");
        assertThat(page.locator(".provider-card:visible").count()).isZero();
        assertThat(page.locator("#no-match").isVisible()).isTrue();
        page.getByLabel("Find a provider or key").fill("");
        assertThat(page.locator(".provider-card:visible").count()).isEqualTo(all).isGreaterThan(10);
    }

    @Test
    void providersAreGroupedAndEachDialogAsksForWhatItsProviderNeeds() throws Exception {
        Page page = browser.newPage();
        signUp(page, "groups@example.com");
        page.navigate(stack.origin() + "/byok");
        for (String group : List.of("Frontier labs", "Fast inference", "Open-model hosts", "Clouds", "Self-hosted")) {
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(group).setExact(true)).isVisible())
                    .as(group).isTrue();
        }
        // Every card, with keys or without, says what a key looks like and where one is made.
        int cards = page.locator(".provider-card").count();
        assertThat(cards).isGreaterThanOrEqualTo(60);
        assertThat(page.locator(".provider-card .key-hint code:visible").count()).isEqualTo(cards);
        assertThat(page.locator(".provider-card .key-hint a[href^='https://']:visible").count()).isEqualTo(cards);
        page.getByLabel("Find a provider or key").fill("self-hosted");
        assertThat(page.locator(".provider-card:visible").count()).isEqualTo(5);
        assertThat(page.locator("#group-frontier").isVisible()).as("a section with no match goes").isFalse();
        assertThat(page.locator("#group-self-hosted").isVisible()).isTrue();
        page.getByLabel("Find a provider or key").fill("");

        openAddKeyDialog(page, "Cloudflare Workers AI");
        assertThat(page.getByLabel("Account ID").isVisible()).isTrue();
        assertThat(page.locator("#credential-account_id-help").innerText()).contains("32 hex characters");
        page.locator("dialog#dialog [data-close-dialog]").click();

        openAddKeyDialog(page, "Alibaba Model Studio (Qwen)");
        assertThat(page.getByLabel("Region").inputValue()).isEqualTo("singapore");
        page.locator("dialog#dialog [data-close-dialog]").click();

        // A self-hosted server: its URL is asked for up front, and its key is optional.
        String secret = "token-vllm-" + Long.toHexString(System.nanoTime());
        savedKeys.add(secret);
        openAddKeyDialog(page, "vLLM");
        assertThat(page.locator("#key-input").getAttribute("required")).isNull();
        assertThat(page.locator("dialog#dialog details").getAttribute("open")).isNotNull();
        page.locator("#key-input").fill(secret);
        page.locator("#alias-input").fill("gpu-box");
        page.locator("#base-url-input").fill(stack.mockBase());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        page.waitForURL(Pattern.compile(".*/byok\\?notice=saved.*"));
        assertThat(page.locator("#provider-vllm tbody tr").first().innerText()).contains("gpu-box").doesNotContain(secret);
        assertThat(page.locator("#provider-vllm .key-hint").innerText()).as("a card with a key keeps its hint")
                .contains("--api-key").contains("Server docs");
    }

    @Test
    void aPageAskedForWithoutASessionGoesToLoginAndComesBackAfter() throws Exception {
        Page setup = browser.newPage();
        signUp(setup, "returning@example.com");
        setup.context().close();

        Page page = browser.newPage();
        page.navigate(stack.origin() + "/credits");
        assertThat(page.url()).contains("/login?next=%2Fcredits");
        browser.screenshot(page, "login");
        page.getByLabel("Email").fill("returning@example.com");
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
        page.waitForURL(stack.origin() + "/credits");
        assertThat(page.locator(".balance .amount").innerText()).isEqualTo("$2.00");
        assertThat(page.locator("table").innerText()).contains("grant").contains("signup credit");
        browser.screenshot(page, "credits");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
        page.waitForURL(Pattern.compile(".*/login.*"));
        page.navigate(stack.origin() + "/byok");
        assertThat(page.url()).contains("/login?next=%2Fbyok");
    }

    @Test
    void theKeyboardAloneOpensTheAddKeyDialogAndCancelReturnsFocus() throws Exception {
        Page page = browser.newPage();
        signUp(page, "keyboard@example.com");
        page.navigate(stack.origin() + "/byok");
        Locator add = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Add Groq key"));
        add.focus();
        page.keyboard().press("Enter");
        page.locator("dialog#dialog[open]").waitFor();
        assertThat(page.evaluate("document.activeElement.id")).isEqualTo("key-input");
        assertThat(page.locator("dialog#dialog").innerText()).contains("gsk_");
        page.keyboard().press("Escape");
        assertThat(page.evaluate("document.activeElement.getAttribute('aria-label')")).isEqualTo("Add Groq key");
    }

    @Test
    void anApiKeyIsShownOnceWithACopyButtonAndCanBeRevoked() throws Exception {
        Page page = browser.newPage();
        signUp(page, "keys@example.com");
        page.navigate(stack.origin() + "/keys");
        assertThat(page.getByLabel("Call models only").isChecked()).as("an inference key is the choice made for the user").isTrue();
        assertThat(page.getByLabel("Also manage this account").isChecked()).isFalse();
        page.getByLabel("Name").fill("ci");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        Locator created = page.locator("#new-api-key");
        assertThat(created.innerText()).startsWith("sk-ar-");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copy")).isVisible()).isTrue();
        browser.screenshot(page, "keys-created");

        page.navigate(stack.origin() + "/keys");
        assertThat(page.locator("#new-api-key").count()).isZero();
        assertThat(page.locator("tbody tr").count()).isEqualTo(2);
        assertThat(page.locator("tbody tr", new Page.LocatorOptions().setHasText("ci")).locator("td[data-label=Kind]").innerText())
                .isEqualTo("inference");
        assertThat(page.locator("tbody tr", new Page.LocatorOptions().setHasText("default")).locator("td[data-label=Kind]").innerText())
                .as("sign-up's key").isEqualTo("management");

        page.getByLabel("Name").fill("ops");
        page.getByLabel("Also manage this account").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        assertThat(page.locator("#new-api-key").innerText()).startsWith("sk-ar-");
        assertThat(page.locator("tbody tr", new Page.LocatorOptions().setHasText("ops")).locator("td[data-label=Kind]").innerText())
                .isEqualTo("management");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Revoke ops")).click();
        page.locator("dialog#dialog[open]").waitFor();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke key")).click();
        page.waitForURL(stack.origin() + "/keys");
        assertThat(page.locator("tbody tr").count()).isEqualTo(2);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Revoke ci")).click();
        page.locator("dialog#dialog[open]").waitFor();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke key")).click();
        page.waitForURL(stack.origin() + "/keys");
        assertThat(page.locator("tbody tr").count()).isEqualTo(1);
        assertThat(page.locator("tbody").innerText()).doesNotContain("ci");
    }

    @Test
    void everyPageRendersOnAPhoneAndOnALaptop() throws Exception {
        Page laptop = browser.newPage();
        signUp(laptop, "pages@example.com");
        browser.screenshot(laptop, "welcome");
        Page phone = browser.newPage(390, 844);
        logIn(phone, "pages@example.com");
        for (String path : List.of("byok", "keys", "logs", "analytics", "credits", "presets", "quickstart", "account")) {
            for (var device : List.of(new Object[] {laptop, "laptop"}, new Object[] {phone, "phone"})) {
                Page page = (Page) device[0];
                page.navigate(stack.origin() + "/" + path);
                assertThat(page.locator("h1").innerText()).isNotBlank();
                assertThat(page.locator("nav a[aria-current=page]").getAttribute("href")).isEqualTo("/" + path);
                browser.screenshot(page, path + "-" + device[1]);
                // Nothing wider than the screen: a phone scrolls down, never sideways.
                assertThat((Integer) page.evaluate("document.documentElement.scrollWidth"))
                        .isLessThanOrEqualTo((Integer) page.evaluate("window.innerWidth"));
            }
        }
        laptop.navigate(stack.origin() + "/quickstart");
        assertThat(laptop.locator("#snippet-curl").innerText()).contains(stack.apiBase() + "/chat/completions");
        assertThat(laptop.locator("#snippet-python").innerText()).contains("base_url=\"" + stack.apiBase() + "\"");
        assertThat(laptop.locator("#snippet-typescript").innerText()).contains("baseURL: \"" + stack.apiBase() + "\"");
        assertThat(laptop.locator("#snippet-java").innerText()).contains(".baseUrl(\"" + stack.apiBase() + "\")");
    }

    @Test
    void aPoolsStrategyChangesAQuarantinedKeyShowsWhyAndTheTraceAnalyticsAndPresetsFollow() throws Exception {
        Page page = browser.newPage();
        String apiKey = signUp(page, "pools@example.com");
        page.navigate(stack.origin() + "/byok");
        String secret = "sk-mock-pool-" + Long.toHexString(System.nanoTime());
        savedKeys.add(secret);
        openAddKeyDialog(page, "OpenAI");
        fillKeyForm(page, secret, "pool-a");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        page.waitForURL(Pattern.compile(".*/byok\\?notice=saved.*"));

        assertThat(page.locator("#strategy-openai").inputValue()).isEqualTo("fallback");
        page.locator("#strategy-openai").selectOption("round_robin");
        page.locator("#provider-openai").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Apply OpenAI pool settings")).click();
        page.waitForURL(Pattern.compile(".*/byok\\?notice=pool.*"));
        assertThat(page.locator("#strategy-openai").inputValue()).isEqualTo("round_robin");
        browser.screenshot(page, "byok-pool-saved");

        OpenAIClient served = OpenAIOkHttpClient.builder().baseUrl(stack.apiBase()).apiKey(apiKey).maxRetries(0).build();
        try {
            assertThat(served.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("openai/gpt-4.1-mini").addUserMessage("Say hi").build()).choices()).hasSize(1);
        } finally {
            served.close();
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> scripted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.mock.port() + "/_mock/script"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + secret + "\",\"status\":401}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scripted.statusCode()).isLessThan(300);
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(stack.apiBase()).apiKey(apiKey).maxRetries(0).build();
        try {
            client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("openai/gpt-4.1-mini").addUserMessage("Say hi").build());
            throw new AssertionError("a request on a key the upstream refuses should fail");
        } catch (com.openai.errors.OpenAIException expected) {
            // The only key answered 401 and the pool does not fall through to credits.
        } finally {
            client.close();
        }

        page.navigate(stack.origin() + "/byok");
        String health = page.locator("#provider-openai .status").innerText();
        assertThat(health).startsWith("quarantined: ").contains("invalid key").contains("401");
        browser.screenshot(page, "byok-quarantined");

        Locator logRow = waitForLogRows(page, 2);
        logRow.locator("a").first().click();
        Locator trace = page.locator("dialog#dialog[open] table[data-trace]");
        trace.waitFor();
        assertThat(trace.innerText()).contains("pool-a").contains("openai").contains("401").contains("quarantined").contains(" ms");
        assertThat(page.locator("dialog#dialog").innerText()).contains("Latency").contains("Time to first token");
        browser.screenshot(page, "logs-trace");
        page.keyboard().press("Escape");

        page.navigate(stack.origin() + "/analytics?days=7");
        assertThat(page.locator("[data-totals]").innerText()).contains("Requests").contains("Errors");
        assertThat(page.locator("[data-totals] dd").first().innerText()).isEqualTo("2");
        assertThat(page.locator("[data-totals] dd").nth(1).innerText()).isEqualTo("1");
        assertThat(page.locator("[data-breakdown=model]").innerText()).contains("openai/gpt-4.1-mini");
        assertThat(page.locator("[data-breakdown=key]").innerText()).contains("pool-a");
        assertThat(page.locator("[data-chart=requests] rect.s-requests[height='120']").count()).isEqualTo(1);
        assertThat(page.locator("[data-chart=latency] tbody tr").first().innerText()).matches("(?s).*\\d+ ms.*");
        browser.screenshot(page, "analytics-data");

        page.navigate(stack.origin() + "/presets");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New preset")).click();
        page.locator("dialog#dialog[open] #preset-name").waitFor();
        page.locator("#preset-name").fill("fast");
        page.locator("#preset-models").fill("openai/gpt-4.1-mini");
        page.locator("#preset-parameters").fill("not json");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save preset")).click();
        page.locator("dialog#dialog[open] #preset-error").waitFor();
        assertThat(page.locator("#preset-error").innerText()).contains("JSON object");
        page.locator("#preset-parameters").fill("{\"temperature\": 0.2}");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save preset")).click();
        page.waitForURL(Pattern.compile(".*/presets\\?notice=saved.*"));
        assertThat(page.locator("#preset-fast").innerText()).contains("@preset/fast").contains("openai/gpt-4.1-mini");
        browser.screenshot(page, "presets-saved");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Delete fast")).click();
        page.locator("dialog#dialog[open]").waitFor();
        assertThat(page.locator("dialog#dialog").innerText()).contains("cannot be undone");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete preset")).click();
        page.waitForURL(Pattern.compile(".*/presets\\?notice=deleted.*"));
        assertThat(page.locator("#preset-fast").count()).isZero();
        assertThat(page.locator("main").innerText()).contains("No presets yet");
    }

    @Test
    void theAccountPageChangesThePasswordSignsOutTheOtherBrowserAndSignsOutEverywhere() throws Exception {
        Page mine = browser.newPage();
        signUp(mine, "account@example.com");
        Page other = browser.newPage();
        logIn(other, "account@example.com");

        mine.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Account")).click();
        mine.waitForURL(stack.origin() + "/account");
        Locator rows = mine.locator("#sessions-title ~ table tbody tr");
        assertThat(rows.count()).as("this browser and the other").isEqualTo(2);
        assertThat(rows.filter(new Locator.FilterOptions().setHasText("(this browser)")).count()).isEqualTo(1);
        browser.screenshot(mine, "account");

        // A wrong current password changes nothing; a common one is refused with the rule.
        mine.getByLabel("Current password").fill("not the password at all");
        mine.getByLabel("New password").fill("a brand new passphrase");
        mine.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change password")).click();
        assertThat(mine.locator("p.error[role=alert]").innerText()).contains("current password is wrong");
        expectedRefusals.add("status of 403");
        mine.getByLabel("Current password").fill(PASSWORD);
        mine.getByLabel("New password").fill("password2024!");
        mine.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change password")).click();
        assertThat(mine.locator("p.error[role=alert]").innerText()).containsIgnoringCase("common");
        expectedRefusals.add("status of 400");
        other.navigate(stack.origin() + "/byok");
        assertThat(other.url()).as("the other browser is still signed in").isEqualTo(stack.origin() + "/byok");

        mine.getByLabel("Current password").fill(PASSWORD);
        mine.getByLabel("New password").fill("a brand new passphrase");
        mine.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change password")).click();
        assertThat(mine.locator("p.notice[role=status]").innerText()).contains("Password changed").contains("1 other browser was signed out");
        assertThat(mine.locator("#sessions-title ~ table tbody tr").count()).isEqualTo(1);
        other.navigate(stack.origin() + "/byok");
        assertThat(other.url()).as("a password change signs the other browser out").contains("/login?next=%2Fbyok");
        mine.navigate(stack.origin() + "/byok");
        assertThat(mine.url()).as("this browser stays signed in, on its new token").isEqualTo(stack.origin() + "/byok");

        // The other browser signs in with the new password and is signed out from this one's list.
        logIn(other, "account@example.com", "a brand new passphrase");
        mine.navigate(stack.origin() + "/account");
        Locator otherRow = mine.locator("#sessions-title ~ table tbody tr")
                .filter(new Locator.FilterOptions().setHasNotText("(this browser)"));
        assertThat(otherRow.count()).isEqualTo(1);
        otherRow.getByRole(AriaRole.BUTTON).click();
        assertThat(mine.locator("p.notice[role=status]").innerText()).contains("That browser is signed out");
        other.navigate(stack.origin() + "/keys");
        assertThat(other.url()).contains("/login?next=%2Fkeys");

        // Sign out everywhere ends this browser's session too.
        logIn(other, "account@example.com", "a brand new passphrase");
        mine.navigate(stack.origin() + "/account");
        mine.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out everywhere")).click();
        mine.waitForURL(Pattern.compile(".*/login.*"));
        mine.navigate(stack.origin() + "/account");
        assertThat(mine.url()).contains("/login?next=%2Faccount");
        other.navigate(stack.origin() + "/byok");
        assertThat(other.url()).contains("/login?next=%2Fbyok");
    }

    private String signUp(Page page, String email) throws Exception {
        page.navigate(stack.origin() + "/signup");
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign up")).click();
        page.waitForURL(stack.origin() + "/signup");
        return page.locator("#new-api-key").innerText();
    }

    private void logIn(Page page, String email) {
        logIn(page, email, PASSWORD);
    }

    private void logIn(Page page, String email, String password) {
        page.navigate(stack.origin() + "/login");
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
        page.waitForURL(stack.origin() + "/byok");
    }

    /** Adds an OpenAI key (pointed at the mock) from /byok and waits for the saved page. */
    private void saveKeyThroughTheDialog(Page page, String alias) {
        page.navigate(stack.origin() + "/byok");
        String secret = "sk-mock-" + alias + "-" + Long.toHexString(System.nanoTime());
        savedKeys.add(secret);
        openAddKeyDialog(page, "OpenAI");
        fillKeyForm(page, secret, alias);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        page.waitForURL(Pattern.compile(".*/byok\\?notice=saved.*"));
    }

    private static void openAddKeyDialog(Page page, String provider) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Add " + provider + " key")).click();
        page.locator("dialog#dialog[open] #key-input").waitFor();
    }

    private void fillKeyForm(Page page, String key, String alias) {
        page.locator("#key-input").fill(key);
        page.locator("#alias-input").fill(alias);
        Locator advanced = page.locator("dialog#dialog details");
        if (advanced.getAttribute("open") == null) advanced.locator("summary").click();
        page.locator("#base-url-input").fill(stack.mockBase());
    }

    /** The newest row once at least {@code count} requests are logged. */
    private Locator waitForLogRows(Page page, int count) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            page.navigate(stack.origin() + "/logs");
            Locator rows = page.locator("tr.log-row");
            if (rows.count() >= count) return rows.first();
            Thread.sleep(100);
        }
        throw new AssertionError("the requests never showed up in /logs");
    }

    private Locator waitForLogRow(Page page) throws InterruptedException {
        // The usage writer flushes in batches every 200 ms.
        for (int i = 0; i < 50; i++) {
            page.navigate(stack.origin() + "/logs");
            Locator rows = page.locator("tr.log-row");
            if (rows.count() > 0) return rows.first();
            Thread.sleep(100);
        }
        throw new AssertionError("the request never showed up in /logs");
    }

    private void assertNoSavedKeyReachedTheBrowser() {
        if (savedKeys.isEmpty()) return; // only tests that save no key ran
        List<String> hits = new ArrayList<>();
        synchronized (browser.seen) {
            assertThat(browser.seen).hasSizeGreaterThan(10);
            for (String text : browser.seen) {
                for (String key : savedKeys) {
                    for (String form : List.of(key, Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)),
                            URLEncoder.encode(key, StandardCharsets.UTF_8))) {
                        if (text.contains(form)) hits.add(text.lines().findFirst().orElse("?"));
                    }
                }
            }
        }
        assertThat(hits).as("responses, page sources or screenshot text holding a saved key").isEmpty();
    }
}
