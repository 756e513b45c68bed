package dev.anyrouter.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anyrouter.protocol.Usage;
import dev.anyrouter.providers.ProviderCatalog.InvalidCatalogException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {
    static final ProviderCatalog PROVIDERS = ProviderCatalog.loadDefault();
    static final ModelCatalog CATALOG = ModelCatalog.loadDefault(PROVIDERS);

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path path = dir.resolve("operator-models.yaml");
        Files.writeString(path, yaml);
        return path;
    }

    @Test
    void defaultCatalogLoadsStrongestFirst() {
        assertThat(CATALOG.all()).hasSizeGreaterThan(50);
        assertThat(CATALOG.all()).isSortedAccordingTo((a, b) -> Integer.compare(b.rank(), a.rank()));
    }

    @Test
    void everyEntryIsCompleteAndConsistent() {
        for (ModelEntry entry : CATALOG.all()) {
            assertThat(PROVIDERS.find(entry.provider())).as(entry.id()).isPresent();
            assertThat(entry.id()).as(entry.id()).startsWith(entry.provider() + "/");
            assertThat(entry.model()).as(entry.id()).isNotBlank();
            assertThat(entry.contextLength()).as(entry.id()).isPositive();
            entry.maxOutput().ifPresent(max -> assertThat(max).as(entry.id()).isBetween(1, entry.contextLength()));
            assertThat(entry.rank()).as(entry.id()).isBetween(0, ModelEntry.MAX_RANK);
            assertThat(entry.aliases()).as(entry.id()).allSatisfy(alias -> assertThat(alias).doesNotContain("/").isNotBlank());
            entry.price().ifPresent(price -> {
                assertThat(price.inputPerMillion()).as(entry.id()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
                assertThat(price.outputPerMillion()).as(entry.id()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
                assertThat(price.cachedPerMillion()).as(entry.id()).isLessThanOrEqualTo(price.inputPerMillion());
            });
        }
    }

    @Test
    void canonicalIdsAreUnique() {
        Set<String> ids = new HashSet<>();
        for (ModelEntry entry : CATALOG.all()) {
            assertThat(ids.add(entry.id())).as("duplicate id " + entry.id()).isTrue();
        }
    }

    @Test
    void everyProviderWithModelsHasItsFlagship() {
        Map<String, String> flagships = Map.ofEntries(
                Map.entry("openai", "openai/gpt-5.5"),
                Map.entry("anthropic", "anthropic/claude-opus-5-5"),
                Map.entry("google", "google/gemini-3.1-pro"),
                Map.entry("groq", "groq/openai/gpt-oss-120b"),
                Map.entry("openrouter", "openrouter/openai/gpt-5.4"),
                Map.entry("nvidia", "nvidia/meta/llama-3.3-70b-instruct"),
                Map.entry("zai", "zai/glm-5.3"),
                Map.entry("ollama", "ollama/gpt-oss:120b"),
                Map.entry("deepseek", "deepseek/deepseek-v4-pro"),
                Map.entry("mistral", "mistral/mistral-medium"),
                Map.entry("xai", "xai/grok-4.7"),
                Map.entry("together", "together/moonshotai/Kimi-K2.5"),
                Map.entry("fireworks", "fireworks/accounts/fireworks/models/deepseek-v4-pro"),
                Map.entry("cerebras", "cerebras/gpt-oss-120b"),
                Map.entry("azure", "azure/gpt-4.1"),
                Map.entry("bedrock", "bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0"),
                Map.entry("vertex", "vertex/gemini-2.5-pro"));
        flagships.forEach((provider, flagship) -> {
            assertThat(CATALOG.find(flagship)).as(flagship).get().extracting(ModelEntry::provider).isEqualTo(provider);
        });
        for (Provider provider : PROVIDERS.all()) {
            if (provider.selfHosted()) {
                // A self-hosted server runs whatever its operator loaded: the catalog prices none of it.
                assertThat(CATALOG.byProvider(provider.id())).as(provider.id()).isEmpty();
            } else {
                assertThat(CATALOG.byProvider(provider.id())).as("%s has its main models here", provider.id()).isNotEmpty();
            }
        }
    }

    @Test
    void coversTheIdsTheMockUpstreamServes() {
        for (String id : List.of("gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o", "gpt-4o-mini", "o3", "o4-mini",
                "gpt-5", "gpt-5-mini", "gpt-5-nano")) {
            assertThat(CATALOG.resolve(id)).as(id).get().extracting(ModelEntry::provider).isEqualTo("openai");
        }
        for (String id : List.of("claude-haiku-4-5-20251001", "claude-haiku-4-5", "claude-sonnet-4-5-20250929", "claude-sonnet-4-5",
                "claude-opus-4-1-20250805", "claude-opus-4-1", "claude-opus-4-20250514", "claude-opus-4-0",
                "claude-sonnet-4-20250514", "claude-sonnet-4-0", "claude-3-7-sonnet-20250219", "claude-3-7-sonnet-latest",
                "claude-3-5-haiku-20241022", "claude-3-5-haiku-latest")) {
            assertThat(CATALOG.resolve(id)).as(id).get().extracting(ModelEntry::provider).isEqualTo("anthropic");
        }
    }

    @Test
    void aliasesResolveToTheirEntryIgnoringCase() {
        assertThat(CATALOG.resolve("claude-sonnet-4-5")).get().extracting(ModelEntry::id).isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(CATALOG.resolve("claude-3-5-haiku-20241022")).get().extracting(ModelEntry::model)
                .isEqualTo("claude-3-5-haiku-20241022");
        assertThat(CATALOG.resolve("GPT-4.1")).get().extracting(ModelEntry::id).isEqualTo("openai/gpt-4.1");
        assertThat(CATALOG.resolve("openai/gpt-4.1")).get().extracting(ModelEntry::model).isEqualTo("gpt-4.1");
        assertThat(CATALOG.resolve("no-such-model")).isEmpty();
    }

    @Test
    void everyAliasOwnedByOneModelResolvesToIt() {
        Map<String, List<ModelEntry>> owners = new HashMap<>();
        for (ModelEntry entry : CATALOG.all()) {
            for (String alias : entry.aliases()) {
                owners.computeIfAbsent(alias.toLowerCase(), a -> new java.util.ArrayList<>()).add(entry);
            }
        }
        owners.forEach((alias, claimed) -> {
            if (claimed.size() == 1) {
                assertThat(CATALOG.resolve(alias)).as(alias).contains(claimed.getFirst());
            } else {
                assertThat(CATALOG.byAlias(alias)).as(alias).isEmpty();
            }
        });
    }

    @Test
    void anAliasTwoProvidersShareIsNotPlaced() {
        assertThat(CATALOG.withAlias("gpt-oss-120b")).extracting(ModelEntry::provider)
                .contains("groq", "cerebras", "together", "fireworks");
        assertThat(CATALOG.resolve("gpt-oss-120b")).isEmpty();
        assertThat(CATALOG.byAlias("gpt-oss-120b")).isEmpty();
        // The canonical ids still place each one.
        assertThat(CATALOG.resolve("groq/openai/gpt-oss-120b")).isPresent();
    }

    @Test
    void findsAProvidersModelByTheIdItsModelsListGives() {
        assertThat(CATALOG.find("anthropic", "claude-sonnet-4-5-20250929")).get().extracting(ModelEntry::id)
                .isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(CATALOG.find("groq", "openai/gpt-oss-120b")).get().extracting(ModelEntry::id)
                .isEqualTo("groq/openai/gpt-oss-120b");
        assertThat(CATALOG.find("openai", "claude-sonnet-4-5-20250929")).isEmpty();
    }

    @Test
    void listsByProviderStrongestFirst() {
        List<ModelEntry> anthropic = CATALOG.byProvider("anthropic");
        assertThat(anthropic).allSatisfy(e -> assertThat(e.provider()).isEqualTo("anthropic"));
        assertThat(anthropic.getFirst().id()).isEqualTo("anthropic/claude-fable-5-1");
        assertThat(anthropic).isSortedAccordingTo((a, b) -> Integer.compare(b.rank(), a.rank()));
    }

    @Test
    void exposesCapabilitiesLimitsAndPrices() {
        ModelEntry gpt41 = CATALOG.find("openai/gpt-4.1").orElseThrow();
        assertThat(gpt41.has(Capability.TOOLS)).isTrue();
        assertThat(gpt41.has(Capability.REASONING)).isFalse();
        assertThat(gpt41.contextLength()).isEqualTo(1_047_576);
        assertThat(gpt41.maxOutput()).hasValue(32_768);
        ModelEntry.Price price = CATALOG.priceOf("openai/gpt-4.1").orElseThrow();
        assertThat(price.inputPerMillion()).isEqualByComparingTo("2.00");
        assertThat(price.outputPerMillion()).isEqualByComparingTo("8.00");
        assertThat(price.cachedPerMillion()).isEqualByComparingTo("0.50");
        assertThat(price.inputMicrosPerMillion()).isEqualTo(2_000_000);
        assertThat(price.cachedMicrosPerMillion()).isEqualTo(500_000);
        assertThat(CATALOG.priceOf("ollama/gpt-oss:120b")).as("subscription: no per-token price").isEmpty();
        assertThat(CATALOG.priceOf("no/such")).isEmpty();
    }

    @Test
    void costMicrosIsExact() {
        // gpt-4.1: 1,000 input of which 400 cached, 500 output: 600*2 + 400*0.5 + 500*8 = 5,400 µ$.
        assertThat(CATALOG.costMicros("openai/gpt-4.1", new Usage(1_000, 500, 400))).hasValue(5_400);
        // gpt-4o-mini: 1M in, 1M out, no cache: $0.15 + $0.60 = 750,000 µ$.
        assertThat(CATALOG.costMicros("openai/gpt-4o-mini", new Usage(1_000_000, 1_000_000, 0))).hasValue(750_000);
        // deepseek-v4-flash cache hits at $0.0028/M: 1,000,000 cached = 2,800 µ$; 10 output at 0.28 = 2.8 µ$.
        assertThat(CATALOG.costMicros("deepseek/deepseek-v4-flash", new Usage(1_000_000, 10, 1_000_000))).hasValue(2_803);
        // Fractions round half up once on the total: 3 tokens at $0.075/M (cached gpt-5.4-mini) = 0.225 µ$ -> 0.
        assertThat(CATALOG.costMicros("openai/gpt-5.4-mini", new Usage(3, 0, 3))).hasValue(0);
        // 2 cached at 0.25 + 0 = 0.5 -> 1.
        assertThat(CATALOG.costMicros("openai/gpt-5.4", new Usage(2, 0, 2))).hasValue(1);
        assertThat(CATALOG.costMicros("openai/gpt-5.4", Usage.NONE)).hasValue(0);
        // A model without a cached rate bills cached tokens at the input rate.
        assertThat(CATALOG.costMicros("groq/llama-3.1-8b-instant", new Usage(1_000_000, 0, 1_000_000))).hasValue(50_000);
        assertThat(CATALOG.costMicros("ollama/gpt-oss:120b", new Usage(10, 10, 0))).isEqualTo(OptionalLong.empty());
    }

    @Test
    void exactDollarCostKeepsEveryDecimal() {
        ModelEntry.Price price = CATALOG.priceOf("openai/gpt-5.4-mini").orElseThrow();
        assertThat(price.costUsd(new Usage(3, 1, 3))).isEqualByComparingTo("0.000004725");
    }

    @Test
    void cachedCountAboveInputIsTreatedAsAllInputCached() {
        assertThat(CATALOG.costMicros("openai/gpt-4.1", new Usage(100, 0, 150))).hasValue(50);
    }

    @Test
    void seededRandomUsagesCostTheSumOfTheirParts() {
        java.util.Random random = new java.util.Random(20261127L);
        List<ModelEntry> priced = CATALOG.all().stream().filter(e -> e.price().isPresent()).toList();
        for (int i = 0; i < 500; i++) {
            ModelEntry entry = priced.get(random.nextInt(priced.size()));
            ModelEntry.Price p = entry.price().orElseThrow();
            long input = random.nextInt(2_000_000);
            long cached = input == 0 ? 0 : random.nextLong(input + 1);
            long output = random.nextInt(500_000);
            BigDecimal expected = p.inputPerMillion().multiply(BigDecimal.valueOf(input - cached))
                    .add(p.cachedPerMillion().multiply(BigDecimal.valueOf(cached)))
                    .add(p.outputPerMillion().multiply(BigDecimal.valueOf(output)));
            long micros = CATALOG.costMicros(entry.id(), new Usage(input, output, cached)).orElseThrow();
            assertThat(BigDecimal.valueOf(micros).subtract(expected).abs()).as(entry.id())
                    .isLessThanOrEqualTo(new BigDecimal("0.5"));
        }
    }

    @Test
    void operatorFileReplacesAPriceAndAddsAModel() throws IOException {
        Path path = file("""
                models:
                  - id: openai/gpt-4.1
                    price: {input: 1.50, output: 6.00, cached: 0.375}
                  - id: groq/moonshotai/kimi-k2-instruct-0905
                    model: moonshotai/kimi-k2-instruct-0905
                    aliases: [kimi-k2-instruct-0905]
                    context: 262144
                    max_output: 16384
                    price: {input: 1.00, output: 3.00}
                    capabilities: [tools, coding]
                    rank: 70
                """);
        ModelCatalog merged = ModelCatalog.load(PROVIDERS, path);

        ModelEntry gpt41 = merged.find("openai/gpt-4.1").orElseThrow();
        assertThat(gpt41.price().orElseThrow().inputPerMillion()).isEqualByComparingTo("1.50");
        assertThat(gpt41.price().orElseThrow().cachedPerMillion()).isEqualByComparingTo("0.375");
        assertThat(gpt41.contextLength()).as("fields not named keep their defaults").isEqualTo(1_047_576);
        assertThat(gpt41.aliases()).contains("gpt-4.1");

        ModelEntry kimi = merged.resolve("kimi-k2-instruct-0905").orElseThrow();
        assertThat(kimi.id()).isEqualTo("groq/moonshotai/kimi-k2-instruct-0905");
        assertThat(kimi.price().orElseThrow().cachedPerMillion()).as("no cached rate: input rate").isEqualByComparingTo("1.00");
        assertThat(merged.byProvider("groq")).contains(kimi);
        assertThat(merged.all()).hasSize(CATALOG.all().size() + 1);
        assertThat(CATALOG.find("openai/gpt-4.1").orElseThrow().price().orElseThrow().inputPerMillion())
                .as("the default catalog is untouched").isEqualByComparingTo("2.00");
    }

    @Test
    void malformedFilesFailNamingTheEntryAndTheField() throws IOException {
        assertInvalid("""
                models:
                  - id: openai/gpt-9
                    model: gpt-9
                    context: 1000
                    capabilities: [tools]
                """, "models[0] (openai/gpt-9)", "rank is missing");
        assertInvalid("""
                models:
                  - id: openai/gpt-4.1
                    pricee: {input: 1}
                """, "models[0] (openai/gpt-4.1)", "unknown field 'pricee'");
        assertInvalid("""
                models:
                  - id: openai/gpt-4.1
                    price: {input: 1.0}
                """, "models[0] (openai/gpt-4.1)", "price.output is missing");
        assertInvalid("""
                models:
                  - id: openai/gpt-4.1
                    capabilities: [tools, telepathy]
                """, "models[0] (openai/gpt-4.1)", "'telepathy' is not one of");
        assertInvalid("""
                models:
                  - id: openai/gpt-4.1
                    context: lots
                """, "models[0] (openai/gpt-4.1)", "context");
        assertInvalid("""
                models:
                  - id: nosuch/model-x
                    model: model-x
                    context: 1000
                    capabilities: []
                    rank: 1
                """, "models[0] (nosuch/model-x)", "provider 'nosuch' is not in the provider catalog");
        assertInvalid("""
                models:
                  - id: openai/gpt-4.1
                    price: {input: 1.25, output: 2.0, cached: 1.5}
                """, "models[0] (openai/gpt-4.1)", "price.cached (1.5) must not exceed price.input (1.25)");
        assertInvalid("""
                models:
                  - id: openai/gpt-x
                    model: gpt-x
                    aliases: [gpt-4.1]
                    context: 1000
                    capabilities: []
                    rank: 1
                """, "models[0] (openai/gpt-x)", "'gpt-4.1' is already an alias of openai/gpt-4.1");
        assertInvalid("""
                models:
                  - id: openai/gpt-4.1
                    aliases: [openai/gpt-4.1]
                """, "models[0] (openai/gpt-4.1)", "must be a bare model id");
        assertInvalid("""
                models:
                  - id: openai/gpt-4.1
                    rank: 1
                  - id: openai/gpt-4.1
                    rank: 2
                """, "models[1] (openai/gpt-4.1)", "already used by models[0]");
        assertInvalid("""
                models:
                  - model: gpt-4.1
                """, "models[0]", "id: is missing");
        assertInvalid("modelz: []\n", "operator-models.yaml", "the top level must be 'models:'");
        assertInvalid("models: [\n", "operator-models.yaml", "is not valid YAML");
        assertInvalid("# nothing\n", "operator-models.yaml", "is empty");
    }

    @Test
    void aMissingOperatorFileFailsClearly() {
        Path missing = dir.resolve("absent.yaml");
        assertThatThrownBy(() -> ModelCatalog.load(PROVIDERS, missing))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    private void assertInvalid(String yaml, String... fragments) throws IOException {
        Path path = file(yaml);
        assertThatThrownBy(() -> ModelCatalog.load(PROVIDERS, path))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining(path.toString())
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }
}
