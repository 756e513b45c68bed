package dev.anyrouter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider list and the add-key dialog without JavaScript (plain HTTP, as a browser with scripts
 * off sees them): grouped, searchable by the form's own submit, each card with its key hint and docs
 * link, and a provider's named credential fields as inputs of the dialog, checked by the API's rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderListHttpTest {
    @TempDir
    static Path dataDir;

    WebStack stack;
    WebClient user;
    String apiKey;
    String csrf;

    @BeforeAll
    void start() throws Exception {
        stack = new WebStack(dataDir);
        user = new WebClient(stack.origin());
        apiKey = user.signUp("groups@example.com");
        csrf = user.logIn("groups@example.com");
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    @Test
    void everyProviderIsListedInItsGroupWithItsKeyHintAndDocsLink() throws Exception {
        String page = user.get("/byok").body();

        List<String> headings = List.of(">Frontier labs<", ">Fast inference<", ">Open-model hosts<", ">Clouds<", ">Self-hosted<");
        int last = -1;
        for (String heading : headings) {
            int at = page.indexOf(heading);
            assertThat(at).as(heading).isGreaterThan(last);
            last = at;
        }
        int selfHosted = page.indexOf(">Self-hosted<");
        assertThat(page.indexOf("id=\"provider-vllm\"")).isGreaterThan(selfHosted);
        assertThat(page.indexOf("id=\"provider-openai-compatible\"")).isGreaterThan(selfHosted);
        assertThat(page.indexOf("id=\"provider-cloudflare\"")).isBetween(page.indexOf(">Clouds<"), selfHosted);
        assertThat(page).contains("href=\"https://developers.cloudflare.com/workers-ai/configuration/open-ai-compatibility/\"")
                .contains("<code>cpk_…</code>")
                .contains("Server docs");
        assertThat(page.split("class=\"card provider-card", -1).length - 1).isGreaterThanOrEqualTo(60);
        assertThat(page.split("class=\"help key-hint\"", -1).length - 1).as("every card has its hint")
                .isEqualTo(page.split("class=\"card provider-card", -1).length - 1);
    }

    @Test
    void theSearchFormNarrowsTheListOnTheServer() throws Exception {
        String qwen = user.get("/byok?q=qwen").body();
        assertThat(qwen).contains("id=\"provider-alibaba\"").doesNotContain("id=\"provider-openai\"");

        String byGroup = user.get("/byok?q=self-hosted").body();
        assertThat(byGroup).contains("id=\"provider-vllm\"", "id=\"provider-lmstudio\"", "id=\"provider-llamacpp\"",
                "id=\"provider-ollama-local\"").doesNotContain("id=\"provider-groq\"");
    }

    @Test
    void theDialogAsksForAProvidersNamedFieldsNeverForItsUrl() throws Exception {
        String cloudflare = user.get("/byok/new?provider=cloudflare").body();
        assertThat(cloudflare).contains("name=\"credential:account_id\"", "pattern=\"[0-9a-f]{32}\"", ">Account ID<")
                .contains("the fields above pick Cloudflare Workers AI's URL");

        String alibaba = user.get("/byok/new?provider=alibaba").body();
        assertThat(alibaba).contains("<select id=\"credential-region\" name=\"credential:region\"")
                .contains("<option value=\"singapore\" selected>", "<option value=\"beijing\">", "<option value=\"hong-kong\">");

        String zai = user.get("/byok/new?provider=zai").body();
        assertThat(zai).contains("name=\"credential:plan\"", "<option value=\"coding\">");

        String vllm = user.get("/byok/new?provider=vllm").body();
        assertThat(vllm).contains("API key (optional)", "Your server's URL", "--upstream-hosts")
                .doesNotContainPattern("id=\"key-input\"[^>]*required");
        assertThat(user.get("/byok/new?provider=openai").body()).containsPattern("id=\"key-input\"[^>]*required");
    }

    @Test
    void theDialogsFormSendsTheFieldsWithTheKeyAndARefusalKeepsThemButNeverTheKey() throws Exception {
        String secret = "sk-mock-form-never-echoed-0001";
        HttpResponse<String> refused = user.postForm("/byok", WebClient.form("_csrf", csrf, "provider", "cloudflare",
                "key", secret, "credential:account_id", "not-hex", "alias", "edge"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("'account_id' (Account ID) must match [0-9a-f]{32}")
                .contains("value=\"not-hex\"").contains("value=\"edge\"").doesNotContain(secret);

        HttpResponse<String> saved = user.postForm("/byok", WebClient.form("_csrf", csrf, "provider", "minimax", "key", secret,
                "credential:region", "china", "alias", "mm-form", "base_url", stack.mockBase()));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        String page = user.get("/byok").body();
        assertThat(page.indexOf("id=\"provider-minimax\"")).as("a provider with keys is listed first, under the account's own")
                .isBetween(page.indexOf(">Your providers<"), page.indexOf(">Frontier labs<"));
        assertThat(page).contains("mm-form").doesNotContain(secret);

        HttpResponse<String> keyless = user.postForm("/byok", WebClient.form("_csrf", csrf, "provider", "llamacpp", "key", "",
                "alias", "laptop", "base_url", stack.mockBase()));
        // No key is not a mistake of the form for a self-hosted server: the server itself is asked, and
        // the mock (which, like OpenAI, wants a key) turns it away; a hosted provider's form never gets that far.
        assertThat(keyless.statusCode()).isEqualTo(422);
        assertThat(keyless.body()).doesNotContain("is required").contains("nothing was stored");
        HttpResponse<String> hosted = user.postForm("/byok", WebClient.form("_csrf", csrf, "provider", "groq", "key", "",
                "base_url", stack.mockBase()));
        assertThat(hosted.body()).contains("'key' is required: paste your Groq key");
    }
}
