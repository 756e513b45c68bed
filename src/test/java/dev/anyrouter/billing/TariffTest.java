package dev.anyrouter.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.protocol.Usage;
import dev.anyrouter.providers.ModelCatalog;
import dev.anyrouter.providers.ProviderCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every priced extra of catalog/surcharges.yaml, worked out by hand from the numbers its sources give. */
class TariffTest {
    static final Surcharges SURCHARGES = Surcharges.loadDefault();
    final Tariff tariff = new Tariff(SURCHARGES);

    static final ModelPrice SONNET = ModelPrice.usd("3", "15");
    static final ModelPrice SONNET_CACHED = new ModelPrice(SONNET.inputPerMillion(), SONNET.outputPerMillion(), new java.math.BigDecimal("0.30"));
    static final ModelPrice GPT_54 = new ModelPrice(new java.math.BigDecimal("2.50"), new java.math.BigDecimal("15"), new java.math.BigDecimal("0.25"));

    @Test
    void plainTokensCostWhatTheListPriceSaysWithNoLines() {
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            long input = random.nextInt(2_000_000);
            long cached = random.nextInt((int) input + 1);
            long output = random.nextInt(100_000);
            Tariff.Charge charge = tariff.charge("openai/gpt-5.4", GPT_54, Metered.of(new Usage(Math.min(input, 272_000), output, Math.min(cached, 272_000))));
            assertThat(charge.micros()).isEqualTo(GPT_54.costMicros(Math.min(input, 272_000), output, Math.min(cached, 272_000)));
            assertThat(charge.lines()).isEmpty();
        }
    }

    @Test
    void anthropicCacheWritesCostAQuarterMoreForFiveMinutesAndDoubleForAnHour() {
        // 10,000 prompt tokens: 2,000 read from the cache, 4,000 written (1,000 of them for an hour), 4,000 plain.
        Usage usage = new Usage(10_000, 500, 2_000, 4_000, 0);
        Tariff.Charge charge = tariff.charge("anthropic/claude-sonnet-4-5", SONNET_CACHED, new Metered(usage, 1_000, Map.of(), null));
        // 4,000 x $3 + 2,000 x $0.30 + 3,000 x $3.75 + 1,000 x $6 + 500 x $15, per million
        assertThat(charge.micros()).isEqualTo(12_000 + 600 + 11_250 + 6_000 + 7_500);
        assertThat(charge.lines()).extracting(Tariff.Line::item)
                .containsExactly("input", "cached_input", "cache_write", "cache_write_1h", "output");
        // OpenAI has no write surcharge: the same usage costs plain tokens there.
        assertThat(tariff.charge("openai/gpt-5.4", GPT_54, new Metered(usage, 0, Map.of(), null)).micros())
                .isEqualTo(GPT_54.costMicros(10_000, 500, 2_000));
    }

    @Test
    void serviceTiersArePricedPerModelOrByFactorAndTheStandardNamesCostTheListPrice() {
        Usage usage = new Usage(1_000, 1_000, 0);
        assertThat(tariff.charge("openai/gpt-5.4", GPT_54, new Metered(usage, 0, Map.of(), "priority")).micros()).isEqualTo(5_000 + 30_000);
        ModelPrice gpt5 = ModelPrice.usd("1.25", "10");
        assertThat(tariff.charge("openai/gpt-5", gpt5, new Metered(usage, 0, Map.of(), "flex")).micros()).isEqualTo(625 + 5_000);
        assertThat(tariff.charge("openai/gpt-5", gpt5, new Metered(usage, 0, Map.of(), "default")).micros())
                .isEqualTo(gpt5.costMicros(1_000, 1_000, 0));
        assertThat(tariff.charge("anthropic/claude-sonnet-4-5", SONNET, new Metered(usage, 0, Map.of(), "standard_only")).micros())
                .isEqualTo(SONNET.costMicros(1_000, 1_000, 0));
    }

    @Test
    void aPromptPastTheLongContextThresholdMakesTheWholeRequestDearer() {
        Usage longPrompt = new Usage(300_000, 1_000, 0);
        // 300,000 x $2.50 x 2 + 1,000 x $15 x 1.5
        assertThat(tariff.charge("openai/gpt-5.4", GPT_54, Metered.of(longPrompt)).micros()).isEqualTo(1_500_000 + 22_500);
        assertThat(tariff.charge("openai/gpt-5.4", GPT_54, Metered.of(new Usage(272_000, 1_000, 0))).micros())
                .as("at the threshold, not past it").isEqualTo(GPT_54.costMicros(272_000, 1_000, 0));
        assertThat(tariff.charge("anthropic/claude-sonnet-4-5", SONNET, Metered.of(new Usage(200_001, 10, 0))).micros())
                .isEqualTo((200_001L * 3 * 2 + 10 * 15 * 3 / 2));
    }

    @Test
    void hostedToolCallsCostTheirFeeAndTheMiniModelsTheirFixedSearchTokens() {
        Usage usage = new Usage(1_000, 100, 0);
        Tariff.Charge search = tariff.charge("openai/gpt-5.4", GPT_54, new Metered(usage, 0, Map.of("web_search", 3L), null));
        assertThat(search.micros()).isEqualTo(GPT_54.costMicros(1_000, 100, 0) + 30_000);
        assertThat(search.lines()).filteredOn(l -> l.item().equals("web_search")).singleElement()
                .satisfies(l -> assertThat(l.quantity()).isEqualTo(3));
        ModelPrice mini = ModelPrice.usd("0.40", "1.60");
        // $0.01 plus 8,000 input tokens at $0.40 per million per search
        assertThat(tariff.charge("openai/gpt-4.1-mini", mini, new Metered(usage, 0, Map.of("web_search", 1L), null)).micros())
                .isEqualTo(mini.costMicros(1_000, 100, 0) + 10_000 + 3_200);
        assertThat(tariff.charge("anthropic/claude-sonnet-4-5", SONNET, new Metered(usage, 0, Map.of("web_search", 2L,
                "web_fetch", 4L), null)).micros()).isEqualTo(SONNET.costMicros(1_000, 100, 0) + 20_000);
    }

    @Test
    void aReportedWebSearchIsBilledAsTheDearestWebSearchToolTheRequestOffered() {
        assertThat(tariff.webSearchTool("openai/gpt-5.4", List.of("function", "web_search"))).isEqualTo("web_search");
        assertThat(tariff.webSearchTool("openai/gpt-4o", List.of("web_search_2025_08_26", "web_search_preview_2025_03_11")))
                .as("$0.025 a call beats $0.01").isEqualTo("web_search_preview_2025_03_11");
        assertThat(tariff.webSearchTool("anthropic/claude-sonnet-4-5", List.of("web_search_20250305"))).isEqualTo("web_search_20250305");
        assertThat(tariff.webSearchTool("openai/gpt-5.4", List.of("function"))).isEqualTo("web_search");
        // The dated type prices as its tool: two Anthropic searches are $0.02.
        assertThat(tariff.charge("anthropic/claude-sonnet-4-5", SONNET, new Metered(new Usage(1_000, 100, 0), 0,
                Map.of("web_search_20250305", 2L), null)).micros()).isEqualTo(SONNET.costMicros(1_000, 100, 0) + 20_000);
    }

    @Test
    void everyModelTheTableNamesIsInTheCatalog() {
        ModelCatalog catalog = ModelCatalog.loadDefault(ProviderCatalog.loadDefault());
        List<String> named = new ArrayList<>();
        SURCHARGES.providers().values().forEach(rules -> {
            rules.longContext().forEach(l -> named.addAll(l.models()));
            rules.tiers().values().forEach(t -> {
                if (t instanceof Surcharges.Tier.Factor f) named.addAll(f.models());
                if (t instanceof Surcharges.Tier.PerModel p) named.addAll(p.prices().keySet());
            });
            rules.tools().values().forEach(t -> {
                if (t instanceof Surcharges.ToolPrice.PerCall c) named.addAll(c.fixedInputTokens().keySet());
            });
        });
        assertThat(named).isNotEmpty().allSatisfy(id -> assertThat(catalog.find(id)).as(id).isPresent());
    }
}
