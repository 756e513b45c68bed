package dev.anyrouter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.anyrouter.e2e.LogCapture;
import dev.anyrouter.e2e.SecretScan;
import dev.anyrouter.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The add-key dialog of the clouds in a real browser: picking Azure, Bedrock or Vertex shows the
 * fields of that credential (a file picker and a paste box for the service-account JSON), the
 * expected format with an example and where to create it; a refused Save names the field at fault
 * at that field, keeps what was typed except the secrets, and stores nothing; a saved credential is
 * listed by what is not secret, and its editable fields (region, project, API version, deployments)
 * are shown and changed through the edit dialog, proved live again. Every secret used, refused or
 * stored — the secret access key, the Azure key, the service account's private key — is then searched
 * for in every response and page the browser got, every log line, the database and the data dir.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudKeyDialogBrowserTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;

    WebStack stack;
    Browser browser;
    LogCapture logs;
    final List<String> secrets = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        logs = LogCapture.attach();
        stack = new WebStack(dataDir, Map.of("signup-grants-per-address", "0"));
        browser = new Browser();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            List<String> seen;
            synchronized (browser.seen) {
                seen = List.copyOf(browser.seen);
            }
            assertThat(seen).hasSizeGreaterThan(10);
            assertThat(secrets).hasSizeGreaterThanOrEqualTo(4);
            for (String secret : secrets) {
                assertThat(SecretScan.inTexts("browser", seen, secret)).as("what the browser received").isEmpty();
                assertThat(SecretScan.inTexts("log", logs.lines(), secret)).as("the logs").isEmpty();
                assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), secret)).as("the database").isEmpty();
                assertThat(SecretScan.inFiles(dataDir, secret)).as("the data dir").isEmpty();
            }
            List<String> errors = new ArrayList<>(browser.errors);
            errors.removeIf(e -> e.contains("status of 422")); // each refused Save, asked for on purpose
            assertThat(errors).as("console errors").isEmpty();
        } finally {
            browser.close();
            stack.close();
            logs.close();
        }
    }

    private static String canary(String name) {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        return name + HexFormat.of().formatHex(random);
    }

    private String mockRoot() {
        return "http://127.0.0.1:" + stack.mock.port();
    }

    private JsonNode mockAdmin(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(mockRoot() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
    }

    /** The account's keys as the JSON API lists them (with each cloud credential's shown fields). */
    private JsonNode listed(String apiKey) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.apiBase() + "/byok"))
                .header("authorization", "Bearer " + apiKey).build(), HttpResponse.BodyHandlers.ofString());
        return Json.parse(r.body().getBytes(StandardCharsets.UTF_8)).get("data");
    }

    @Test
    void bedrockAsksForRegionAndIamKeysNamesAMissingSecretAtItsFieldAndEditsTheRegion() throws Exception {
        String id = "AKIA" + HexFormat.of().formatHex(new byte[8]).toUpperCase().replace('0', 'Q');
        String secret = canary("bedrockSecret/");
        secrets.add(secret);
        mockAdmin("/_mock/aws/users", "{\"access_key_id\":\"" + id + "\",\"secret_access_key\":\"" + secret + "\"}");
        Page page = browser.newPage();
        String apiKey = signUp(page, "bedrock@example.com");
        openAddKeyDialog(page, "Amazon Bedrock", "#cloud-region");
        for (String label : List.of("AWS region", "Access key ID", "Secret access key", "Session token (optional)", "Bedrock API key")) {
            assertThat(page.getByLabel(label, new Page.GetByLabelOptions().setExact(true)).isVisible()).as(label).isTrue();
        }
        assertThat(page.locator("#cloud-secret-access-key").getAttribute("type")).isEqualTo("password");
        assertThat(page.locator("#cloud-help a").getAttribute("href")).contains("docs.aws.amazon.com/bedrock");
        page.locator("details.cloud-format summary").click();
        assertThat(page.locator("details.cloud-format pre").innerText()).contains("\"access_key_id\"", "\"region\": \"us-east-1\"");

        // Refused: the IAM key id without its secret. The field is named where it is, the key id and region stay.
        page.locator("#cloud-region").fill("us-east-1");
        page.locator("#cloud-access-key-id").fill(id);
        baseUrl(page);
        save(page);
        page.locator("dialog#dialog[open] #key-error").waitFor();
        assertThat(page.locator("#key-error").innerText()).contains("'secret_access_key' is required");
        assertThat(page.locator("#cloud-secret-access-key").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#cloud-secret-access-key-help").innerText()).contains("'secret_access_key' is required");
        assertThat(page.locator("#cloud-region").inputValue()).isEqualTo("us-east-1");
        assertThat(page.locator("#cloud-access-key-id").inputValue()).isEqualTo(id);
        assertThat(listed(apiKey)).as("nothing stored").isEmpty();

        // A wrong secret: the provider's refusal, and the secret typed is not filled back in.
        page.locator("#cloud-secret-access-key").fill(secret + "x");
        save(page);
        page.locator("dialog#dialog[open] #key-error").waitFor();
        assertThat(page.locator("#key-error").innerText()).contains("nothing was stored");
        assertThat(page.locator("#cloud-secret-access-key").inputValue()).isEmpty();
        assertThat(listed(apiKey)).isEmpty();

        // (Screenshots only before a Save that leaves the page: Playwright's full-page capture leaves an empty style
        // attribute on the inputs, which htmx's settle would copy onto the refused dialog's, against the CSP.)
        browser.screenshot(page, "byok-cloud-bedrock-dialog");
        page.locator("#cloud-secret-access-key").fill(secret);
        page.locator("#alias-input").fill("aws-prod");
        save(page);
        page.waitForURL(Pattern.compile(".*/byok\\?notice=saved.*"));
        assertThat(page.locator("#provider-bedrock tbody tr").first().innerText()).contains("aws-prod").doesNotContain(secret);

        // Edit: the key id is shown, the region is an input; a new region is proved live first, then kept.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Edit aws-prod")).click();
        page.locator("dialog#dialog[open] #cloud-region").waitFor();
        assertThat(page.locator("dialog#dialog .cloud-shown").innerText()).contains("IAM access key " + id);
        assertThat(page.locator("#cloud-region").inputValue()).isEqualTo("us-east-1");
        assertThat(page.locator("dialog#dialog input[type=password]").count()).as("no secret is asked for or shown on an edit").isZero();
        browser.screenshot(page, "byok-cloud-bedrock-edit");
        page.locator("#cloud-region").fill("eu-central-1");
        save(page);
        page.waitForURL(Pattern.compile(".*notice=updated.*"));
        assertThat(listed(apiKey).get(0).at("/credential/region").asText()).isEqualTo("eu-central-1");
    }

    @Test
    void vertexTakesTheKeyFileFromAFilePickerAndNamesAPrivateKeyThatDoesNotParse() throws Exception {
        ObjectNode keyFile = (ObjectNode) mockAdmin("/_mock/google/service-accounts", "{\"project\":\"acme-dialog\",\"name\":\"dialog\"}");
        List<String> pem = keyFile.path("private_key").asText().lines().filter(l -> !l.startsWith("-----")).toList();
        secrets.add(pem.get(1));
        secrets.add(pem.get(pem.size() / 2));
        Page page = browser.newPage();
        String apiKey = signUp(page, "vertex@example.com");
        openAddKeyDialog(page, "Google Vertex AI", "#cloud-service-account");
        assertThat(page.locator("#cloud-service-account-file").isVisible()).as("the file picker, with JavaScript on").isTrue();
        assertThat(page.locator("#cloud-region").inputValue()).isEqualTo("global");
        assertThat(page.getByLabel("Project ID (optional)").isVisible()).isTrue();
        assertThat(page.locator("#cloud-help a").getAttribute("href")).contains("cloud.google.com");

        // Pasted, with a private key that does not parse: refused naming it, nothing of the paste sent back.
        ObjectNode broken = keyFile.deepCopy().put("private_key", "-----BEGIN PRIVATE KEY-----\n" + pem.get(1) + "\n-----END PRIVATE KEY-----\n");
        page.locator("#cloud-service-account").fill(broken.toString());
        baseUrl(page);
        save(page);
        page.locator("dialog#dialog[open] #key-error").waitFor();
        assertThat(page.locator("#key-error").innerText()).contains("'service_account.private_key' does not parse");
        assertThat(page.locator("#cloud-service-account").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#cloud-service-account").inputValue()).as("the key file is not filled back in").isEmpty();
        assertThat(listed(apiKey)).isEmpty();

        // The file picker reads the key file into the box; the region goes with it.
        Path file = files.resolve("acme-dialog-key.json");
        Files.writeString(file, keyFile.toPrettyString());
        page.locator("#cloud-service-account-file").setInputFiles(file);
        page.waitForCondition(() -> page.locator("#cloud-service-account").inputValue().contains("service_account"));
        page.locator("#cloud-region").fill("us-east5");
        page.locator("#alias-input").fill("acme");
        save(page);
        page.waitForURL(Pattern.compile(".*/byok\\?notice=saved.*"));
        JsonNode stored = listed(apiKey).get(0).path("credential");
        assertThat(stored.path("client_email").asText()).isEqualTo(keyFile.path("client_email").asText());
        assertThat(stored.path("region").asText()).isEqualTo("us-east5");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Edit acme")).click();
        page.locator("dialog#dialog[open] #cloud-project-id").waitFor();
        assertThat(page.locator("dialog#dialog .cloud-shown").innerText()).contains(keyFile.path("client_email").asText());
        assertThat(page.locator("#cloud-project-id").inputValue()).isEqualTo("acme-dialog");
        assertThat(page.locator("dialog#dialog textarea").count()).as("the key file is not asked for again").isZero();
        page.locator("#cloud-region").fill("global");
        save(page);
        page.waitForURL(Pattern.compile(".*notice=updated.*"));
        assertThat(listed(apiKey).get(0).at("/credential/region").asText()).isEqualTo("global");
    }

    @Test
    void azureTakesItsResourceAndDeploymentsRefusesTwoWaysInAndEditsTheDeployments() throws Exception {
        String key = canary("azkey-dialog-");
        String clientSecret = canary("entraDialog~");
        secrets.add(key);
        secrets.add(clientSecret);
        Page page = browser.newPage();
        String apiKey = signUp(page, "azure@example.com");
        openAddKeyDialog(page, "Azure OpenAI", "#cloud-resource-name");
        for (String label : List.of("Resource name", "Resource type", "API version (optional)", "Deployments (optional)", "API key",
                "Directory (tenant) ID", "Application (client) ID", "Client secret")) {
            assertThat(page.getByLabel(label, new Page.GetByLabelOptions().setExact(true)).isVisible()).as(label).isTrue();
        }
        assertThat(page.locator("#cloud-resource-type option").allInnerTexts()).containsExactly("openai", "ai_foundry");
        assertThat(page.locator("details.cloud-json summary").innerText()).contains("paste the whole credential");
        assertThat(page.locator("#cloud-help a").getAttribute("href")).contains("learn.microsoft.com");

        page.locator("#cloud-resource-name").fill("contoso");
        page.locator("#cloud-api-version").fill("2024-10-21");
        page.locator("#cloud-deployments").fill("gpt-4.1 = contoso-gpt41");
        page.locator("#cloud-api-key").fill(key);
        page.locator("#cloud-tenant-id").fill("72f988bf-86f1-41af-91ab-2d7cd011db47");
        page.locator("#cloud-client-id").fill("11111111-2222-3333-4444-555555555555");
        page.locator("#cloud-client-secret").fill(clientSecret);
        baseUrl(page);
        save(page);
        page.locator("dialog#dialog[open] #key-error").waitFor();
        assertThat(page.locator("#key-error").innerText()).contains("'api_key' and Entra ID client credentials", "give one of them");
        assertThat(page.locator("#cloud-api-key").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#cloud-deployments").inputValue()).isEqualTo("gpt-4.1 = contoso-gpt41");
        assertThat(page.locator("#cloud-client-secret").inputValue()).isEmpty();
        assertThat(listed(apiKey)).isEmpty();

        page.locator("#cloud-tenant-id").fill("");
        page.locator("#cloud-client-id").fill("");
        page.locator("#cloud-api-key").fill(key);
        page.locator("#alias-input").fill("contoso");
        save(page);
        page.waitForURL(Pattern.compile(".*/byok\\?notice=saved.*"));
        JsonNode resource = listed(apiKey).get(0).at("/credential/resources/0");
        assertThat(resource.path("resource_name").asText()).isEqualTo("contoso");
        assertThat(resource.path("api_version").asText()).isEqualTo("2024-10-21");
        assertThat(resource.path("deployments").toString()).isEqualTo("{\"gpt-4.1\":\"contoso-gpt41\"}");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Edit contoso")).click();
        Locator deployments = page.locator("dialog#dialog[open] #cloud-resources-0-deployments");
        deployments.waitFor();
        assertThat(page.locator("dialog#dialog .cloud-shown").innerText()).contains("contoso (openai), resource key");
        assertThat(deployments.inputValue()).isEqualTo("gpt-4.1 = contoso-gpt41");
        deployments.fill("gpt-4.1 = contoso-gpt41\ngpt-4o = contoso-4o");
        page.locator("#cloud-resources-0-api-version").fill("v1");
        browser.screenshot(page, "byok-cloud-azure-edit");
        save(page);
        page.waitForURL(Pattern.compile(".*notice=updated.*"));
        resource = listed(apiKey).get(0).at("/credential/resources/0");
        assertThat(resource.path("api_version").asText()).isEqualTo("v1");
        assertThat(resource.path("deployments").toString()).isEqualTo("{\"gpt-4.1\":\"contoso-gpt41\",\"gpt-4o\":\"contoso-4o\"}");
    }

    private String signUp(Page page, String email) {
        page.navigate(stack.origin() + "/signup");
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign up")).click();
        page.waitForURL(stack.origin() + "/signup");
        return page.locator("#new-api-key").innerText();
    }

    private void openAddKeyDialog(Page page, String provider, String firstField) {
        page.navigate(stack.origin() + "/byok");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Add " + provider + " key")).click();
        page.locator("dialog#dialog[open] " + firstField).waitFor();
        assertThat(page.locator("dialog#dialog #key-input").count()).as("no single key box for a structured credential").isZero();
    }

    /** Points the credential at the mock (a base URL the test stack's private upstreams allow). */
    private void baseUrl(Page page) {
        Locator advanced = page.locator("dialog#dialog details:has(#base-url-input)");
        if (advanced.getAttribute("open") == null) advanced.locator("summary").click();
        page.locator("#base-url-input").fill(mockRoot());
    }

    /** Clicks Save and waits for the server's answer (a refusal re-renders the dialog, which holds the last refusal until then). */
    private static void save(Page page) {
        page.waitForResponse(r -> r.request().method().equals("POST") && r.url().contains("/byok"),
                () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click());
    }
}
