package dev.anyrouter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard as a first-time user finds it (issue 24), in a real browser at a laptop's 1280 px and a
 * phone's 390 px: the opening credit serves a provider the operator covers without a key of one's own, and
 * every card says what credits do for it; after every change on /byok the confirmation is on screen beside
 * the changed row, which is marked and focused; a reload after any form repeats nothing; every link on every
 * page answers. Whatever the browser received never holds a provider key, the operator's included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirstTimeUserBrowserTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String ADMIN_TOKEN = "operator-token-for-browser-tests-0123";
    /** The operator's key: its last four are letters no hex id can hold. */
    private static final String OPERATOR_KEY = "sk-mock-operator-qwrt";

    @TempDir
    static Path dataDir;

    WebStack stack;
    Browser browser;
    final List<String> secrets = new ArrayList<>(List.of(OPERATOR_KEY));

    @BeforeAll
    void start() throws Exception {
        browser = new Browser();
        stack = new WebStack(dataDir, Map.of("signup-grants-per-address", "0", "admin-token", ADMIN_TOKEN));
        HttpResponse<String> op = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.apiBase() + "/admin/provider-keys"))
                .header("authorization", "Bearer " + ADMIN_TOKEN).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"provider\":\"openai\",\"key\":\"" + OPERATOR_KEY
                        + "\",\"alias\":\"house\",\"base_url\":\"" + stack.mockBase() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(op.statusCode()).as(op.body()).isEqualTo(201);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser == null) return; // no browser here: start() already said what to install
        try {
            assertThat(browser.seenCount()).isGreaterThan(10);
            assertThat(browser.holding(secrets)).as("responses, page sources or screenshot text holding a provider key").isEmpty();
            // The refusals asked for on purpose: /keys' empty and repeated names (400), the refused key (422), the
            // unreachable base URL (502).
            assertThat(browser.errors).allMatch(e -> e.contains("status of 400") || e.contains("status of 422") || e.contains("status of 502"));
        } finally {
            browser.close();
            stack.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1280, 390})
    void aNewAccountIsServedOnItsCreditsWithoutAKeyAndEveryCardSaysWhatCreditsDoThere(int width) throws Exception {
        Page page = browser.newPage(width, 844);
        String apiKey = signUp(page, "credits-" + width + "@example.com");
        page.navigate(stack.origin() + "/byok");
        assertThat(page.locator(".credits-note").count()).as("every provider's credits setting, keys or not")
                .isEqualTo(page.locator(".provider-card").count()).isGreaterThan(10);
        assertThat(page.locator("#credits-note-openai").innerText()).contains("Served on your credits");
        assertThat(page.locator("#credits-openai").inputValue()).isEqualTo("without_keys");
        assertThat(page.locator("#credits-note-groq").innerText()).contains("do not cover Groq");
        assertThat(page.locator("#credits-groq").count()).isZero();
        assertThat(page.locator("#provider-openai button.no-js").isVisible()).as("no Save to find: choosing saves").isFalse();
        browser.screenshot(page, "first-byok-credits-" + width);

        assertThat(ask(apiKey)).isEqualTo("credits");

        // The models page says what the account can call now: OpenAI's models on credits; the anyrouter/* models pick nothing yet.
        page.navigate(stack.origin() + "/models");
        Locator model = page.locator("[data-models] tr", new Page.LocatorOptions().setHasText("openai/gpt-4.1-mini"));
        assertThat(model.count()).isEqualTo(1);
        assertThat(model.innerText()).contains("credits").contains("OpenAI").contains("$");
        assertThat(page.locator("[data-virtual] tr", new Page.LocatorOptions().setHasText("anyrouter/byok")).innerText()).contains("none yet");
        page.navigate(stack.origin() + "/byok");

        page.locator("#credits-openai").selectOption("never");
        page.waitForURL(Pattern.compile(".*/byok\\?notice=pool&provider=openai.*"));
        assertConfirmedInView(page, "Pool settings saved.");
        page.waitForFunction("() => document.activeElement && document.activeElement.id === 'notice'", null,
                new Page.WaitForFunctionOptions().setTimeout(10_000));
        assertThat(page.locator("#credits-note-openai").innerText()).contains("Credits never serve OpenAI");
        assertThatThrownBy(() -> ask(apiKey)).isInstanceOfSatisfying(BadRequestException.class,
                e -> assertThat(e.getMessage()).contains("no key of yours for OpenAI").contains("/byok").contains("switched them off"));

        page.locator("#credits-openai").selectOption("without_keys");
        // The URL already says notice=pool: wait for the page the new choice reloads into.
        page.locator("#credits-note-openai", new Page.LocatorOptions().setHasText("Served on your credits")).waitFor();
        assertThat(ask(apiKey)).isEqualTo("credits");
    }

    @ParameterizedTest
    @ValueSource(ints = {1280, 390})
    void afterEachChangeOnByokTheConfirmationIsInViewBesideTheChangedRowWhichIsMarkedAndFocused(int width) throws Exception {
        Page page = browser.newPage(width, 844);
        signUp(page, "changes-" + width + "@example.com");
        page.navigate(stack.origin() + "/byok");
        String secret = "sk-mock-first-" + Long.toHexString(System.nanoTime());
        secrets.add(secret);
        addKey(page, secret, "laptop", stack.mockBase());
        page.waitForURL(Pattern.compile(".*/byok\\?notice=saved&key=.*"));
        String rowId = assertRowChanged(page, "Key saved");
        browser.screenshot(page, "first-byok-saved-" + width);
        page.reload();
        assertThat(page.locator("#provider-openai tbody tr").count()).as("a reload saves nothing again").isEqualTo(1);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Edit laptop")).click();
        page.locator("dialog#dialog[open] #alias-input").waitFor();
        page.locator("#alias-input").fill("desk");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        page.waitForURL(Pattern.compile(".*notice=updated.*"));
        assertThat(assertRowChanged(page, "Key updated")).isEqualTo(rowId);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Disable desk")).click();
        page.waitForURL(Pattern.compile(".*notice=disabled.*"));
        assertRowChanged(page, "Key switched off");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enable desk")).click();
        page.waitForURL(Pattern.compile(".*notice=active.*"));
        assertRowChanged(page, "Key switched on");

        // Re-validate ends on /byok like every other action, its outcome beside the key; a reload repeats no check.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Re-validate desk")).click();
        page.waitForURL(Pattern.compile(".*/byok\\?notice=checked&key=.*"));
        assertRowChanged(page, "desk re-validated: valid");
        page.reload();
        assertThat(page.locator("#notice").innerText()).isEqualTo("Key re-validated.");
        assertThat(page.locator("#provider-openai tbody tr").count()).isEqualTo(1);

        page.navigate(stack.origin() + "/models");
        assertThat(page.locator("[data-virtual] tr", new Page.LocatorOptions().setHasText("anyrouter/byok")).innerText())
                .as("with a key, anyrouter/byok picks one of its models").contains("openai/");
        assertThat(page.locator("[data-models] tr", new Page.LocatorOptions().setHasText("openai/gpt-4.1-mini")).innerText()).contains("your keys");
        page.navigate(stack.origin() + "/byok");
        page.locator("#strategy-openai").selectOption("weighted");
        page.waitForURL(Pattern.compile(".*notice=pool.*"));
        assertConfirmedInView(page, "Pool settings saved.");
        assertThat(page.locator("#" + rowId + " td[data-label=Weight]").innerText()).contains("100 % of requests");
    }

    @Test
    void aKeyOfAnotherProviderIsNamedAndAnUnreachableBaseUrlIsToldInWordsTiedToTheField() throws Exception {
        Page page = browser.newPage();
        signUp(page, "add-errors@example.com");
        page.navigate(stack.origin() + "/byok");
        String anthropic = "sk-ant-invalid-" + Long.toHexString(System.nanoTime());
        secrets.add(anthropic);
        addKey(page, anthropic, "wrong-card", stack.mockBase());
        Locator error = page.locator("dialog#dialog[open] #key-error");
        error.waitFor();
        assertThat(error.innerText()).contains("rejected").contains("It looks like an Anthropic key (sk-ant-…), not an OpenAI one");
        assertThat(page.locator("#key-input").getAttribute("aria-describedby")).startsWith("key-error");
        assertThat(page.locator("#key-input").getAttribute("aria-invalid")).isEqualTo("true");
        page.keyboard().press("Escape");

        String secret = "sk-mock-nowhere-" + Long.toHexString(System.nanoTime());
        secrets.add(secret);
        addKey(page, secret, "nowhere", "http://127.0.0.1:1/v1");
        error.waitFor();
        assertThat(error.innerText()).contains("could not be reached at 127.0.0.1:1 (the connection was refused)")
                .doesNotContain("Exception");
        browser.screenshot(page, "first-byok-unreachable");
        page.keyboard().press("Escape");
        page.reload();
        assertThat(page.locator("#provider-openai tbody tr").count()).as("nothing was stored").isZero();
    }

    @Test
    void withoutJavaScriptThePoolFormSavesWithItsButtonAndAKeyIsAddedOnAPageOfItsOwn() throws Exception {
        Page page = browser.newPage(1280, 860, false);
        signUp(page, "no-script@example.com");
        page.navigate(stack.origin() + "/byok");
        Locator save = page.locator("#provider-openai").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions()
                .setName("Save OpenAI pool settings"));
        assertThat(save.isVisible()).as("without the script the form keeps its Save").isTrue();
        page.locator("#credits-openai").selectOption("never");
        save.click();
        page.waitForURL(Pattern.compile(".*/byok\\?notice=pool&provider=openai.*"));
        assertThat(page.locator("#credits-note-openai").innerText()).contains("Credits never serve OpenAI");
        assertConfirmedInView(page, "Pool settings saved.");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Add OpenAI key")).click();
        page.waitForURL(Pattern.compile(".*/byok/new\\?provider=openai"));
        String secret = "sk-mock-no-script-" + Long.toHexString(System.nanoTime());
        secrets.add(secret);
        page.locator("#key-input").fill(secret);
        page.locator("#alias-input").fill("plain");
        Locator advanced = page.locator("form details").first();
        if (advanced.getAttribute("open") == null) advanced.locator("summary").click();
        page.locator("#base-url-input").fill(stack.mockBase());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        page.waitForURL(Pattern.compile(".*/byok\\?notice=saved&key=.*"));
        assertConfirmedInView(page, "Key saved");
        assertThat(page.locator("#provider-openai tr.changed .alias").innerText()).isEqualTo("plain");
    }

    @Test
    void aReloadAfterEachFormRepeatsNothingAndLoggingOutSaysSo() throws Exception {
        Page page = browser.newPage();
        signUp(page, "reload@example.com");
        page.reload();
        assertThat(page.url()).isEqualTo(stack.origin() + "/welcome");
        assertThat(page.locator("#new-api-key").count()).as("the first key is shown once").isZero();
        assertThat(page.locator("main").innerText()).contains("shown once");

        page.navigate(stack.origin() + "/keys");
        Locator rows = page.locator("tbody tr");
        assertThat(rows.count()).isEqualTo(1);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        // The browser's own check stops an empty name first; without it the server refuses it, tied to the field.
        assertThat((Boolean) page.evaluate("document.getElementById('key-name').validity.valueMissing")).isTrue();
        page.evaluate("document.getElementById('key-name').removeAttribute('required')");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        assertThat(page.locator("#key-name-error").innerText()).contains("Give the key a name");
        assertThat(page.locator("#key-name").getAttribute("aria-describedby")).isEqualTo("key-name-error");
        assertThat(rows.count()).isEqualTo(1);

        page.getByLabel("Name").fill("laptop");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        page.waitForURL(Pattern.compile(".*/keys\\?notice=created.*"));
        assertThat(page.locator("#new-api-key").innerText()).startsWith("sk-ar-");
        assertThat(inView(page, "#new-key")).isTrue();
        page.reload();
        assertThat(page.locator("#new-api-key").count()).isZero();
        assertThat(rows.count()).as("a reload makes no second key").isEqualTo(2);
        page.getByLabel("Name").fill("Laptop");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        assertThat(page.locator("#key-name-error").innerText()).contains("already have a key named");
        assertThat(rows.count()).isEqualTo(2);

        page.navigate(stack.origin() + "/account");
        page.getByLabel("Current password").fill(PASSWORD);
        page.getByLabel("New password").fill("another long passphrase here");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change password")).click();
        page.waitForURL(stack.origin() + "/account");
        assertThat(page.locator("p.notice[role=status]").innerText()).contains("Password changed");
        page.reload();
        assertThat(page.locator("p.notice[role=status]").count()).as("a reload sends the password form no second time").isZero();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
        page.waitForURL(Pattern.compile(".*/login\\?notice=logged_out"));
        assertThat(page.locator("p.notice[role=status]").innerText()).isEqualTo("You are logged out.");
    }

    @Test
    void everyLinkOnEveryPageAnswersAndTheCreditsPageLinksOnlyRealRequests() throws Exception {
        Page page = browser.newPage();
        String apiKey = signUp(page, "links@example.com");
        assertThat(ask(apiKey)).isEqualTo("credits");
        for (int i = 0; i < 50 && page.locator("td[data-label=Request] a").count() == 0; i++) {
            page.navigate(stack.origin() + "/credits");
            Thread.sleep(100);
        }
        Locator grant = page.locator("tbody tr", new Page.LocatorOptions().setHasText("grant"));
        assertThat(grant.count()).isEqualTo(1);
        assertThat(grant.locator("a").count()).as("a grant is no request: no link to a log that is not there").isZero();
        assertThat(page.locator("td[data-label=Request] a").count()).isEqualTo(1);

        Set<String> checked = new LinkedHashSet<>();
        for (String path : List.of("/welcome", "/byok", "/keys", "/logs", "/analytics", "/credits", "/presets", "/quickstart", "/account",
                "/models")) {
            page.navigate(stack.origin() + path);
            @SuppressWarnings("unchecked")
            List<String> hrefs = (List<String>) page.evaluate("Array.from(document.querySelectorAll('a[href^=\"/\"]'))"
                    + ".map(a => a.getAttribute('href').split('#')[0]).filter(h => h.length > 0)");
            for (String href : hrefs) {
                if (!checked.add(href)) continue;
                APIResponse answer = page.request().get(stack.origin() + href);
                assertThat(answer.status()).as("%s on %s", href, path).isBetween(200, 299);
            }
        }
        assertThat(checked).contains("/byok", "/keys", "/credits").anyMatch(h -> h.startsWith("/logs/"));

        // Logs: a search, a date range, and the CSV of what they match.
        page.navigate(stack.origin() + "/logs?q=GPT-4.1");
        assertThat(page.locator("tr.log-row").count()).isEqualTo(1);
        assertThat(page.locator("#f-q").inputValue()).isEqualTo("GPT-4.1");
        page.navigate(stack.origin() + "/logs?q=nothing-like-this");
        assertThat(page.locator("#log-results").innerText()).contains("No request matches");
        String tomorrow = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
        page.navigate(stack.origin() + "/logs?from=" + tomorrow);
        assertThat(page.locator("tr.log-row").count()).isZero();
        APIResponse csv = page.request().get(stack.origin() + "/logs.csv?q=gpt");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().get("content-type")).startsWith("text/csv");
        assertThat(List.of(csv.text().split("\r\n"))).hasSize(2).first().isEqualTo(LogsCsv.HEADER);
        assertThat(csv.text()).contains(",credits,");

        // The log's detail names the API key (not its id), who paid and what it cost.
        page.navigate(stack.origin() + "/credits");
        page.locator("td[data-label=Request] a").first().click();
        Locator detail = page.locator("dl.fields");
        detail.waitFor();
        assertThat(field(page, "AnyRouter API key")).startsWith("default (sk-ar-");
        assertThat(field(page, "Billed")).isEqualTo("AnyRouter credits");
        assertThat(field(page, "Cost")).startsWith("$");
        assertThat(detail.innerText()).contains("HTTP-Referer");
    }

    @ParameterizedTest
    @ValueSource(ints = {1280, 390})
    void rowsKeepTheirRulesALongAliasLeavesTheMaskWholeAndButtonsAndBadgesKeepTheirShape(int width) throws Exception {
        Page page = browser.newPage(width, 844);
        String apiKey = signUp(page, "layout-" + width + "@example.com");
        page.navigate(stack.origin() + "/byok");
        String secret = "sk-mock-layout-" + Long.toHexString(System.nanoTime());
        secrets.add(secret);
        addKey(page, secret, "the-team-laptop-key-used-by-everyone-in-the-office-2026", stack.mockBase());
        page.waitForURL(Pattern.compile(".*notice=saved.*"));
        assertThat(lines(page, "tr.changed code.masked")).as("the mask never wraps mid-string").isEqualTo(1);
        assertThat(lines(page, "#provider-google .card-head a.button")).as("Add key on one line").isEqualTo(1);
        if (width > 760) {
            assertThat((Boolean) page.evaluate("() => { const row = document.querySelector('tr.changed');"
                    + " const bottoms = Array.from(row.children).map(td => Math.round(td.getBoundingClientRect().bottom));"
                    + " return bottoms.every(b => Math.abs(b - bottoms[0]) <= 1); }")).as("every cell, actions too, ends on the row's rule").isTrue();
            assertThat((Boolean) page.evaluate("() => { const b = Array.from(document.querySelectorAll('tr.changed .row-actions > *'));"
                    + " return b.every(x => Math.abs(x.getBoundingClientRect().top - b[0].getBoundingClientRect().top) <= 2); }"))
                    .as("Delete stays on the actions' line").isTrue();
        }
        browser.screenshot(page, "first-byok-long-alias-" + width);

        page.navigate(stack.origin() + "/presets");
        assertThat((Boolean) page.evaluate("() => document.querySelector('.page-head .button').getBoundingClientRect().top"
                + " >= document.querySelector('.page-head .lead').getBoundingClientRect().bottom + 8")).as("New preset clear of its text").isTrue();

        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(stack.apiBase()).apiKey(apiKey).maxRetries(0).build();
        try (var stream = client.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("openai/gpt-4.1-mini").addUserMessage("Say hi").build())) {
            stream.stream().count();
        } finally {
            client.close();
        }
        for (int i = 0; i < 50 && page.locator("tr.log-row .badge").count() == 0; i++) {
            page.navigate(stack.origin() + "/logs");
            Thread.sleep(100);
        }
        assertThat((Boolean) page.evaluate("() => { const b = document.querySelector('tr.log-row .badge').getBoundingClientRect();"
                + " return b.height > 0 && b.height < 28 && b.width > b.height; }")).as("the stream badge stays a pill").isTrue();
        browser.screenshot(page, "first-logs-" + width);
    }

    /** How many lines the element's text takes. */
    private static int lines(Page page, String selector) {
        return ((Number) page.evaluate("s => { const r = document.createRange(); r.selectNodeContents(document.querySelector(s));"
                + " return new Set(Array.from(r.getClientRects()).filter(x => x.width > 0).map(x => Math.round(x.top))).size; }",
                selector)).intValue();
    }

    private static String field(Page page, String label) {
        return page.locator("dl.fields dt", new Page.LocatorOptions().setHasText(label)).first()
                .evaluate("dt => dt.nextElementSibling.innerText").toString();
    }

    @ParameterizedTest
    @ValueSource(ints = {1280, 390})
    void analyticsTablesFitTheirPanelsTheirCellsAreLabelledAndChartsHaveAxes(int width) throws Exception {
        Page page = browser.newPage(width, 844);
        String apiKey = signUp(page, "analytics-" + width + "@example.com");
        assertThat(ask(apiKey)).isEqualTo("credits");
        for (int i = 0; i < 50 && !page.locator("[data-breakdown=model] tbody tr").isVisible(); i++) {
            page.navigate(stack.origin() + "/analytics?days=7");
            Thread.sleep(100);
        }
        browser.screenshot(page, "first-analytics-" + width);
        @SuppressWarnings("unchecked")
        List<String> overflowing = (List<String>) page.evaluate("Array.from(document.querySelectorAll('main .panel, main table'))"
                + ".filter(e => e.scrollWidth > e.clientWidth + 1 || e.scrollWidth > e.parentElement.clientWidth + 1)"
                + ".map(e => (e.closest('[data-breakdown],[data-chart]') || e).getAttribute('data-breakdown') || e.tagName)");
        assertThat(overflowing).as("tables and panels wider than their place (scrollWidth > clientWidth)").isEmpty();
        Locator cells = page.locator("[data-breakdown=model] tbody tr").first().locator("td");
        assertThat(cells.count()).isEqualTo(7);
        for (int i = 0; i < cells.count(); i++) assertThat(cells.nth(i).getAttribute("data-label")).isNotBlank();
        for (String column : List.of("Cost", "Saved", "p50")) {
            assertThat(page.locator("[data-breakdown=model] td[data-label='" + column + "']").first().isVisible()).as(column).isTrue();
        }
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).format(Charts.DAY);
        assertThat(page.locator("[data-chart=requests] .x-axis").innerText()).contains(today);
        assertThat(page.locator("[data-chart=requests] .y-axis").innerText()).contains("0");
    }

    /** Fills the OpenAI card's add-key dialog and presses Save. */
    private static void addKey(Page page, String key, String alias, String baseUrl) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Add OpenAI key")).click();
        page.locator("dialog#dialog[open] #key-input").waitFor();
        page.locator("#key-input").fill(key);
        page.locator("#alias-input").fill(alias);
        Locator advanced = page.locator("dialog#dialog details");
        if (advanced.getAttribute("open") == null) advanced.locator("summary").click();
        page.locator("#base-url-input").fill(baseUrl);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
    }

    /** Asks for a chat on the account's API key; returns how it was billed. */
    private String ask(String apiKey) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(stack.apiBase()).apiKey(apiKey).maxRetries(0).build();
        try {
            var reply = client.chat().completions().withRawResponse().create(ChatCompletionCreateParams.builder()
                    .model("openai/gpt-4.1-mini").addUserMessage("Say hi").build());
            reply.parse();
            return reply.headers().values("x-anyrouter-billing").getFirst();
        } finally {
            client.close();
        }
    }

    /** The notice says {@code text}, wholly on screen; the row it names is marked, on screen and focused. Returns its id. */
    private static String assertRowChanged(Page page, String text) {
        assertConfirmedInView(page, text);
        Locator changed = page.locator("tr.changed");
        assertThat(changed.count()).isEqualTo(1);
        String id = changed.getAttribute("id");
        assertThat(inView(page, "#" + id)).as("the changed row is on screen").isTrue();
        try {
            page.waitForFunction("id => document.activeElement && document.activeElement.id === id", id,
                    new Page.WaitForFunctionOptions().setTimeout(10_000));
        } catch (com.microsoft.playwright.TimeoutError notFocused) {
            throw new AssertionError("focus is not on the changed row but on "
                    + page.evaluate("document.activeElement.outerHTML.slice(0, 100)"), notFocused);
        }
        return id;
    }

    private static void assertConfirmedInView(Page page, String text) {
        assertThat(page.locator("#notice").innerText()).startsWith(text);
        assertThat(inView(page, "#notice")).as("the confirmation is on screen, not above it").isTrue();
    }

    private static boolean inView(Page page, String selector) {
        return (Boolean) page.evaluate("s => { const r = document.querySelector(s).getBoundingClientRect();"
                + " return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }", selector);
    }

    private String signUp(Page page, String email) {
        return Browser.signUp(page, stack.origin(), email, PASSWORD);
    }
}
