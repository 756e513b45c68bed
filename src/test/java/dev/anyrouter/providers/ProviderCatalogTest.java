package dev.anyrouter.providers;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderCatalogTest {

    private static final ProviderCatalog CATALOG = ProviderCatalog.loadDefault();

    private static final String VALID_ENTRY = """
            providers:
              - id: demo
                name: Demo
                group: hosts
                wire: openai
                base_url: https://api.example.com/v1
                hosts: [api.example.com]
                key_hint: "demo-…"
                auth: bearer
                validation: GET /models
                docs: https://example.com/keys
                model_prefixes: [demo-]
            """;

    @Test
    void hasEveryRequiredProvider() {
        assertThat(CATALOG.all()).extracting(Provider::id).contains(
                "openai", "anthropic", "google", "groq", "openrouter", "nvidia", "zai", "ollama",
                "deepseek", "mistral", "xai", "together", "fireworks", "cerebras");
    }

    @Test
    void idsAreUnique() {
        Set<String> seen = new HashSet<>();
        for (Provider provider : CATALOG.all()) {
            assertThat(seen.add(provider.id())).as("duplicate id %s", provider.id()).isTrue();
        }
    }

    @Test
    void hostedProvidersAreReachedOverHttpsAndSelfHostedOnesAtTheirUsualLocalAddress() {
        for (Provider provider : CATALOG.all()) {
            assertThat(provider.baseUrl().isAbsolute()).as(provider.id()).isTrue();
            assertThat(provider.baseUrl().getHost()).as(provider.id()).isNotBlank();
            assertThat(provider.docs().getScheme()).as(provider.id()).isEqualTo("https");
            if (provider.selfHosted()) {
                assertThat(provider.group()).as(provider.id()).isEqualTo(ProviderGroup.SELF_HOSTED);
                assertThat(provider.baseUrl().getScheme()).as(provider.id()).isIn("http", "https");
            } else {
                assertThat(provider.baseUrl().getScheme()).as(provider.id()).isEqualTo("https");
                assertThat(provider.keyOptional()).as("%s: a hosted provider always takes a key", provider.id()).isFalse();
            }
        }
    }

    @Test
    void everyValidationCallIsAPathBelowTheBaseUrl() {
        for (Provider provider : CATALOG.all()) {
            String base = provider.baseUrl().toString();
            assertThat(provider.validationUri().toString()).as(provider.id()).startsWith(base + "/");
            assertThat(provider.validationUri().toString().substring(base.length())).as(provider.id())
                    .doesNotContain("//").doesNotContain("..").doesNotContain("?");
            assertThat(provider.validationUri().getHost()).as(provider.id()).isEqualTo(provider.baseUrl().getHost());
        }
    }

    @Test
    void theCatalogHasSixtyProvidersIncludingTheSelfHostedServers() {
        assertThat(CATALOG.all()).hasSizeGreaterThanOrEqualTo(60);
        assertThat(CATALOG.all()).filteredOn(Provider::selfHosted).extracting(Provider::id)
                .contains("vllm", "ollama-local", "lmstudio", "llamacpp", "openai-compatible");
        for (ProviderGroup group : ProviderGroup.values()) {
            assertThat(CATALOG.all()).as(group.label()).anyMatch(p -> p.group() == group);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "openai,     openai,    https://api.openai.com/v1,                   BEARER,         https://api.openai.com/v1/models",
        "anthropic,  anthropic, https://api.anthropic.com,                   X_API_KEY,      https://api.anthropic.com/v1/models",
        "google,     gemini,    https://generativelanguage.googleapis.com,   X_GOOG_API_KEY, https://generativelanguage.googleapis.com/v1beta/models",
        "groq,       openai,    https://api.groq.com/openai/v1,              BEARER,         https://api.groq.com/openai/v1/models",
        "openrouter, openai,    https://openrouter.ai/api/v1,                BEARER,         https://openrouter.ai/api/v1/key",
        "nvidia,     openai,    https://integrate.api.nvidia.com/v1,         BEARER,         https://integrate.api.nvidia.com/v1/models",
        "zai,        openai,    https://api.z.ai/api/paas/v4,                BEARER,         https://api.z.ai/api/paas/v4/models",
        "ollama,     openai,    https://ollama.com/v1,                       BEARER,         https://ollama.com/v1/models",
        "mistral,    openai,    https://api.mistral.ai/v1,                   BEARER,         https://api.mistral.ai/v1/models",
        "xai,        openai,    https://api.x.ai/v1,                         BEARER,         https://api.x.ai/v1/models",
        "together,   openai,    https://api.together.xyz/v1,                 BEARER,         https://api.together.xyz/v1/models",
        "fireworks,  openai,    https://api.fireworks.ai/inference/v1,       BEARER,         https://api.fireworks.ai/inference/v1/models",
        "cerebras,   openai,    https://api.cerebras.ai/v1,                  BEARER,         https://api.cerebras.ai/v1/models",
    })
    void knowsWhereEachProviderLivesAndHowItsKeyIsSentAndProved(
            String id, String wire, String baseUrl, Provider.Auth auth, String validationUri) {
        Provider provider = CATALOG.find(id).orElseThrow();

        assertThat(provider.wire().yamlName()).isEqualTo(wire);
        assertThat(provider.baseUrl()).isEqualTo(URI.create(baseUrl));
        assertThat(provider.auth()).isEqualTo(auth);
        assertThat(provider.validationMethod()).isEqualTo("GET");
        assertThat(provider.validationUri()).isEqualTo(URI.create(validationUri));
    }

    @Test
    void carriesProviderQuirksAsData() {
        Provider anthropic = CATALOG.find("anthropic").orElseThrow();
        Provider google = CATALOG.find("google").orElseThrow();
        Provider openai = CATALOG.find("openai").orElseThrow();

        assertThat(anthropic.defaultHeaders()).containsEntry("anthropic-version", "2023-06-01");
        assertThat(openai.headersAllowed()).containsExactly("OpenAI-Organization", "OpenAI-Project");
        assertThat(google.invalidKey()).singleElement().satisfies(signal -> {
            assertThat(signal.matches(400, "{\"error\":{\"details\":[{\"reason\":\"API_KEY_INVALID\"}]}}")).isTrue();
            assertThat(signal.matches(400, "{\"error\":{\"status\":\"INVALID_ARGUMENT\"}}")).isFalse();
        });
        assertThat(CATALOG.find("nvidia").orElseThrow().validationProvesKey()).isFalse();
        assertThat(openai.validationProvesKey()).isTrue();
        assertThat(Provider.Auth.BEARER.headerValue("k")).isEqualTo("Bearer k");
        assertThat(Provider.Auth.X_GOOG_API_KEY.headerName()).isEqualTo("x-goog-api-key");
        assertThat(Provider.Auth.X_GOOG_API_KEY.headerValue("k")).isEqualTo("k");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "gpt-4.1,                openai",
        "GPT-4o-mini,            openai",
        "o3-mini,                openai",
        "o4-mini,                openai",
        "chatgpt-4o-latest,      openai",
        "claude-sonnet-4-5,      anthropic",
        "claude-3-5-haiku-latest, anthropic",
        "gemini-2.5-pro,         google",
        "grok-4,                 xai",
        "mistral-large-latest,   mistral",
        "codestral-latest,       mistral",
        "deepseek-chat,          deepseek",
        "glm-4.6,                zai",
        "GPT-4.1-Mini,           openai",
        "Claude-Sonnet-4-5,      anthropic",
    })
    void placesBareModelIdsByPrefix(String model, String provider) {
        assertThat(CATALOG.placeBareModel(model)).map(Provider::id).contains(provider);
    }

    @Test
    void doesNotPlaceUnknownOrProviderQualifiedIds() {
        for (String model : List.of("llama-3.3-70b-versatile", "unknown-model", "", "  ",
                "openai/gpt-4.1", "meta-llama/Llama-3.3-70B-Instruct-Turbo")) {
            assertThat(CATALOG.placeBareModel(model)).as(model).isEmpty();
        }
        assertThat(CATALOG.placeBareModel(null)).isEmpty();
    }

    @Test
    void overlappingPrefixesMakeAnIdAmbiguous() {
        ProviderCatalog catalog = ProviderCatalog.load(yaml(VALID_ENTRY + """
                  - id: other
                    name: Other
                    group: hosts
                    wire: openai
                    base_url: https://api.other.example/v1
                    hosts: [api.other.example]
                    key_hint: "x"
                    auth: bearer
                    validation: GET /models
                    docs: https://other.example/keys
                    model_prefixes: [demo-pro-]
                """));

        assertThat(catalog.placeBareModel("demo-1")).map(Provider::id).contains("demo");
        assertThat(catalog.placeBareModel("demo-pro-2")).isEmpty();
    }

    @Test
    void everyProviderListsTheHostsItsKeysMayGoToAndItsBaseUrlIsAmongThem() {
        for (Provider provider : CATALOG.all()) {
            if (provider.selfHosted()) {
                assertThat(provider.hosts()).as("%s: a self-hosted server's hosts are the operator's", provider.id()).isEmpty();
                continue;
            }
            assertThat(provider.hosts()).as("%s lists hosts", provider.id()).isNotEmpty();
            assertThat(provider.hosts().stream().anyMatch(h -> h.matches(provider.baseUrl().getHost(), provider.baseUrl().getPort(), 443)))
                    .as("%s: base_url host %s is among its hosts %s", provider.id(), provider.baseUrl().getHost(), provider.hosts())
                    .isTrue();
            assertThat(provider.ownsHost(provider.baseUrl())).as(provider.id()).isTrue();
        }
    }

    @Test
    void documentedRegionalAndPlanHostsAreAmongTheProvidersHosts() {
        Provider openai = CATALOG.find("openai").orElseThrow();
        for (String region : List.of("us", "eu", "au", "in", "jp")) {
            assertThat(openai.ownsHost(URI.create("https://" + region + ".api.openai.com/v1"))).as(region).isTrue();
        }
        assertThat(CATALOG.find("zai").orElseThrow().ownsHost(URI.create("https://api.z.ai/api/coding/paas/v4"))).isTrue();
        assertThat(CATALOG.find("xai").orElseThrow().ownsHost(URI.create("https://us-east-1.api.x.ai/v1"))).isTrue();
        assertThat(CATALOG.find("mistral").orElseThrow().ownsHost(URI.create("https://codestral.mistral.ai/v1"))).isTrue();
        // Not the provider's: another host, plain http, another port, a look-alike suffix.
        assertThat(openai.ownsHost(URI.create("https://attacker.example/v1"))).isFalse();
        assertThat(openai.ownsHost(URI.create("http://api.openai.com/v1"))).isFalse();
        assertThat(openai.ownsHost(URI.create("https://api.openai.com:8443/v1"))).isFalse();
        assertThat(openai.ownsHost(URI.create("https://api.openai.com.attacker.example/v1"))).isFalse();
        assertThat(CATALOG.find("xai").orElseThrow().ownsHost(URI.create("https://evilapi.x.ai/v1"))).isFalse();
    }

    @Test
    void findIsEmptyForAnUnknownId() {
        assertThat(CATALOG.find("nope")).isEmpty();
        assertThat(CATALOG.find(null)).isEmpty();
        assertThat(CATALOG.find("openai")).map(Provider::name).contains("OpenAI");
    }

    @Test
    void loadsAMinimalValidFile() {
        ProviderCatalog catalog = ProviderCatalog.load(yaml(VALID_ENTRY));

        Provider demo = catalog.find("demo").orElseThrow();
        assertThat(demo.invalidKey()).isEmpty();
        assertThat(demo.headersAllowed()).isEmpty();
        assertThat(demo.defaultHeaders()).isEmpty();
        assertThat(demo.validationProvesKey()).isTrue();
    }

    @Test
    void aYamlSyntaxErrorFailsWithItsLine() {
        assertThatThrownBy(() -> ProviderCatalog.load(yaml("providers:\n  - id: [unclosed\n    name: x\n")))
                .isInstanceOf(ProviderCatalog.InvalidCatalogException.class)
                .hasMessageStartingWith("provider catalog is malformed")
                .hasMessageContaining("line ");
    }

    @Test
    void aMisspelledFieldFailsNamingIt() {
        assertThatThrownBy(() -> ProviderCatalog.load(yaml(VALID_ENTRY.replace("base_url:", "bse_url:"))))
                .isInstanceOf(ProviderCatalog.InvalidCatalogException.class)
                .hasMessageContaining("providers[0].bse_url")
                .hasMessageContaining("unknown field 'bse_url'");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "base_url: https://api.example.com/v1 | base_url: http://api.example.com/v1   | base_url must be an absolute https URL",
        "base_url: https://api.example.com/v1 | base_url: api.example.com/v1          | base_url must be an absolute https URL",
        "base_url: https://api.example.com/v1 | base_url: https://api.example.com/v1/ | trailing slash",
        "wire: openai                          | wire: soap                            | wire must be one of",
        "auth: bearer                          | auth: basic                           | auth must be one of",
        "validation: GET /models               | validation: /models                   | validation must read",
        "validation: GET /models               | validation: DELETE /models            | validation method must be GET or POST",
        "model_prefixes: [demo-]               | model_prefixes: [Demo-]               | model_prefixes must be lower-case",
        "id: demo                              | id: Demo Provider                     | id must be lower-case",
        "name: Demo                            | name: ''                              | name is missing",
        "hosts: [api.example.com]              | hosts: []                             | hosts is missing",
        "hosts: [api.example.com]              | hosts: [other.example.com]            | base_url's host api.example.com is not among its hosts [other.example.com]",
        "hosts: [api.example.com]              | hosts: [\"*.api.example.com\"]            | base_url's host api.example.com is not among its hosts",
        "hosts: [api.example.com]              | hosts: [\"api.example.com:8443\"]       | base_url's host api.example.com is not among its hosts",
        "hosts: [api.example.com]              | hosts: [\"https://api.example.com\"]    | hosts: a host is a name with an optional :PORT",
        "validation: GET /models               | validation: GET https://evil.example/models | validation path must be a path relative to base_url",
        "validation: GET /models               | validation: GET //evil.example/models | validation path must be a path relative to base_url",
        "validation: GET /models               | validation: GET /../../models          | validation path must be a path relative to base_url",
        "validation: GET /models               | validation: GET /models?x=1            | validation path must be a path relative to base_url",
        "group: hosts                          | group: big                             | group must be one of",
        "group: hosts                          | group: self-hosted                     | self_hosted: true and group: self-hosted go together",
        "model_prefixes: [demo-]               | model_prefixes: [demo-]\\n    key_optional: true | key_optional is only for self-hosted servers",
        "model_prefixes: [demo-]               | model_prefixes: [demo-]\\n    quirks: {max_tokens: max_output} | quirks.max_tokens must be",
        "model_prefixes: [demo-]               | model_prefixes: [demo-]\\n    quirks: {drops: [messages]} | cannot drop 'messages'",
        "model_prefixes: [demo-]               | model_prefixes: [demo-]\\n    quirks: {tool_call_id_length: 0} | quirks.tool_call_id_length must be 1..32",
        "base_url: https://api.example.com/v1  | base_url: https://api.example.com/{v}/v1 | base_url has {v}, which no credential field declares",
    })
    void aBrokenRuleFailsNamingTheEntryAndTheField(String good, String bad, String expected) {
        assertThatThrownBy(() -> ProviderCatalog.load(yaml(VALID_ENTRY.replace(good, bad.replace("\\n", "\n")))))
                .isInstanceOf(ProviderCatalog.InvalidCatalogException.class)
                .hasMessageStartingWith("provider catalog is invalid: providers[0]")
                .hasMessageContaining(expected);
    }

    @Test
    void duplicateIdsAndSharedPrefixesAreRejected() {
        String twice = VALID_ENTRY + VALID_ENTRY.substring(VALID_ENTRY.indexOf("  - id"));
        String sharedPrefix = VALID_ENTRY + VALID_ENTRY.substring(VALID_ENTRY.indexOf("  - id")).replace("id: demo", "id: copy");

        assertThatThrownBy(() -> ProviderCatalog.load(yaml(twice)))
                .isInstanceOf(ProviderCatalog.InvalidCatalogException.class)
                .hasMessageContaining("providers[1] (demo)")
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> ProviderCatalog.load(yaml(sharedPrefix)))
                .isInstanceOf(ProviderCatalog.InvalidCatalogException.class)
                .hasMessageContaining("model prefix 'demo-' is already owned by demo");
    }

    @Test
    void aFieldWrittenTwiceInOneEntryFailsRatherThanTheSecondSilentlyWinning() {
        assertThatThrownBy(() -> ProviderCatalog.load(yaml(VALID_ENTRY.replace("    auth: bearer\n",
                "    auth: bearer\n    base_url: https://elsewhere.example/v1\n"))))
                .isInstanceOf(ProviderCatalog.InvalidCatalogException.class)
                .hasMessageContaining("base_url");
    }

    @Test
    void credentialFieldsFillTheBaseUrlAndEveryChoiceLandsOnAHostOfTheProvider() {
        String regional = VALID_ENTRY.replace("base_url: https://api.example.com/v1", """
                base_url: https://{region}/v1
                    credential:
                      - field: region
                        label: Region
                        choices: {eu: eu.example.com, us: us.example.com}
                        default: eu""").replace("hosts: [api.example.com]", "hosts: [eu.example.com, us.example.com]");
        Provider demo = ProviderCatalog.load(yaml(regional)).find("demo").orElseThrow();
        assertThat(demo.baseUrl()).isEqualTo(URI.create("https://eu.example.com/v1"));
        assertThat(demo.credential().resolve(java.util.Map.of("region", "us"))).isEqualTo(URI.create("https://us.example.com/v1"));

        assertThatThrownBy(() -> ProviderCatalog.load(yaml(regional.replace("hosts: [eu.example.com, us.example.com]",
                "hosts: [eu.example.com]"))))
                .isInstanceOf(ProviderCatalog.InvalidCatalogException.class)
                .hasMessageContaining("base_url's host us.example.com is not among its hosts");
        assertThatThrownBy(() -> ProviderCatalog.load(yaml(regional.replace("default: eu", "default: mars"))))
                .hasMessageContaining("default 'mars' is not one of its values");
        assertThatThrownBy(() -> ProviderCatalog.load(yaml(regional.replace("label: Region", "label: Region\n        secret: true"))))
                .hasMessageContaining("secret fields beyond the key are not supported yet");
    }

    @Test
    void aSelfHostedServerTakesItsHostsFromTheOperatorOnly() {
        String server = VALID_ENTRY.replace("group: hosts", "group: self-hosted")
                .replace("base_url: https://api.example.com/v1", "base_url: http://localhost:8000/v1")
                .replace("model_prefixes: [demo-]", "model_prefixes: []\n    self_hosted: true\n    key_optional: true");
        assertThatThrownBy(() -> ProviderCatalog.load(yaml(server)))
                .hasMessageContaining("a self-hosted server lists no hosts");
        Provider demo = ProviderCatalog.load(yaml(server.replace("hosts: [api.example.com]", "hosts: []"))).find("demo").orElseThrow();
        assertThat(demo.selfHosted()).isTrue();
        assertThat(demo.keyOptional()).isTrue();
        assertThat(demo.baseUrl().getScheme()).isEqualTo("http");
    }

    @Test
    void quirksAreReadAsData() {
        Provider demo = ProviderCatalog.load(yaml(VALID_ENTRY.replace("model_prefixes: [demo-]", """
                model_prefixes: [demo-]
                    quirks:
                      max_tokens: max_completion_tokens
                      stream_usage: false
                      drops: [parallel_tool_calls, store]
                      tool_call_id_length: 9"""))).find("demo").orElseThrow();
        assertThat(demo.quirks()).isEqualTo(new Quirks("max_completion_tokens", false, List.of("parallel_tool_calls", "store"), 9));
        assertThat(ProviderCatalog.load(yaml(VALID_ENTRY)).find("demo").orElseThrow().quirks()).isEqualTo(Quirks.NONE);
        assertThat(CATALOG.find("openai").orElseThrow().quirks().maxTokensField()).isEqualTo("max_completion_tokens");
        assertThat(CATALOG.find("minimax").orElseThrow().quirks().drops()).contains("parallel_tool_calls");
        assertThat(CATALOG.find("mistral").orElseThrow().quirks()).isEqualTo(new Quirks("max_tokens", false, List.of(), 9));
    }

    @Test
    void anEmptyFileFailsClearly() {
        for (String content : List.of("", "# only a comment\n", "providers: []", "providers:\n")) {
            assertThatThrownBy(() -> ProviderCatalog.load(yaml(content)))
                    .isInstanceOf(ProviderCatalog.InvalidCatalogException.class)
                    .hasMessageContaining("lists no providers");
        }
    }

    private static InputStream yaml(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
