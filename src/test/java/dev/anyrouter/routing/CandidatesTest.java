package dev.anyrouter.routing;

import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.providers.Capability;
import dev.anyrouter.providers.ModelCatalog;
import dev.anyrouter.providers.ModelEntry;
import dev.anyrouter.providers.ProviderCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the {@code anyrouter/*} models choose: what the keys reach, filtered by what the request needs, strongest first. */
class CandidatesTest {
    static final ProviderCatalog PROVIDERS = ProviderCatalog.loadDefault();
    static final ModelCatalog CATALOG = ModelCatalog.loadDefault(PROVIDERS);
    final ReachableModels reachable = new ReachableModels(null, null, PROVIDERS, CATALOG, java.time.Clock.systemUTC());

    static ProviderKeyRecord key(String id, String provider) {
        return new ProviderKeyRecord(id, "acct", provider, id, "sk-…" + id, 1, 1, null, Map.of(), List.of(), KeyStatus.ACTIVE, null,
                Instant.EPOCH, null, "c", "w", 1);
    }

    @Test
    void aKeyReachesWhatItListedThatTheCatalogKnowsOrElseItsProvidersCatalogModels() {
        Map<String, List<String>> lists = Map.of(
                "oa1", List.of("gpt-5", "gpt-4.1-mini", "text-embedding-3-small", "ft:gpt-4o:acme"),
                "oa2", List.of("gpt-5"));
        List<ReachableModel> reach = reachable.join(List.of(key("oa1", "openai"), key("oa2", "openai"), key("an", "anthropic")), lists);
        Map<String, ReachableModel> byId = new HashMap<>();
        reach.forEach(m -> byId.put(m.entry().id(), m));
        assertThat(byId.get("openai/gpt-5").keyIds()).containsExactlyInAnyOrder("oa1", "oa2");
        assertThat(byId.get("openai/gpt-4.1-mini").keyIds()).containsExactly("oa1");
        assertThat(byId).as("ids the catalog does not know are not candidates").doesNotContainKey("openai/text-embedding-3-small");
        assertThat(byId).as("an unlisted OpenAI model is not reached").doesNotContainKey("openai/o3");
        assertThat(reach).filteredOn(m -> m.model().provider().id().equals("anthropic"))
                .hasSameSizeAs(CATALOG.byProvider("anthropic"));
        assertThat(byId.get("anthropic/claude-sonnet-4-5").model().upstreamModel()).isEqualTo("claude-sonnet-4-5-20250929");
    }

    @Test
    void agentTakesToolModelsCodingTakesCodingModelsByokTakesAllStrongestFirst() {
        List<ReachableModel> reach = reachable.join(List.of(key("g", "google"), key("o", "openai")), Map.of());
        List<ReachableModel> agent = VirtualModel.AGENT.candidates(reach, RequestNeeds.ANY);
        List<ReachableModel> coding = VirtualModel.CODING.candidates(reach, RequestNeeds.ANY);
        List<ReachableModel> all = VirtualModel.BYOK.candidates(reach, RequestNeeds.ANY);
        assertThat(agent).allMatch(m -> m.entry().has(Capability.TOOLS));
        assertThat(coding).allMatch(m -> m.entry().has(Capability.CODING)).hasSizeLessThan(all.size());
        assertThat(all).hasSize(reach.size());
        assertThat(all.getFirst().entry().rank()).isEqualTo(reach.stream().mapToInt(m -> m.entry().rank()).max().orElseThrow());
        assertThat(VirtualModel.of("anyrouter/agent")).contains(VirtualModel.AGENT);
        assertThat(VirtualModel.of("anyrouter/other")).isEmpty();
    }

    @Test
    void aRequestSkipsModelsThatCannotTakeItsImagesToolsOrSize() {
        ModelEntry small = entry("groq/small", 8_000, 2_000, List.of(Capability.TOOLS), 50);
        ModelEntry seeing = entry("openai/seeing", 128_000, 16_000, List.of(Capability.VISION, Capability.TOOLS), 40);
        ModelEntry blind = entry("openai/blind", 1_000_000, 32_000, List.of(Capability.CODING), 60);
        assertThat(new RequestNeeds(0, 0, true, false).fits(seeing)).isTrue();
        assertThat(new RequestNeeds(0, 0, true, false).fits(small)).isFalse();
        assertThat(new RequestNeeds(0, 0, false, true).fits(blind)).isFalse();
        assertThat(new RequestNeeds(7_000, 1_001, false, false).fits(small)).as("prompt plus output over the context").isFalse();
        assertThat(new RequestNeeds(10, 3_000, false, false).fits(small)).as("more output than the model gives").isFalse();
        assertThat(new RequestNeeds(6_000, 2_000, false, true).fits(small)).isTrue();
    }

    /** Seeded random reach and requests: every candidate fits and is in the set, every left-out model does not, order is by rank. */
    @RepeatedTest(40)
    void candidatesAreExactlyTheFittingModelsOfTheSetStrongestFirst(RepetitionInfo repetition) {
        Random random = new Random(7_000L + repetition.getCurrentRepetition());
        List<ModelEntry> all = CATALOG.all();
        List<ReachableModel> reach = new ArrayList<>();
        for (ModelEntry e : all) {
            if (random.nextInt(3) == 0) {
                reach.add(new ReachableModel(e, new ModelRef(PROVIDERS.find(e.provider()).orElseThrow(), e.model()),
                        java.util.Set.of("k")));
            }
        }
        RequestNeeds needs = new RequestNeeds(random.nextInt(3) == 0 ? random.nextInt(1_200_000) : random.nextInt(5_000),
                random.nextBoolean() ? 0 : random.nextInt(70_000), random.nextBoolean(), random.nextBoolean());
        VirtualModel set = VirtualModel.values()[random.nextInt(VirtualModel.values().length)];
        List<ReachableModel> candidates = set.candidates(reach, needs);
        for (ReachableModel m : reach) {
            boolean inSet = set != VirtualModel.BYOK && !m.entry().has(set == VirtualModel.AGENT ? Capability.TOOLS : Capability.CODING);
            assertThat(candidates.contains(m)).as(m.entry().id()).isEqualTo(!inSet && needs.fits(m.entry()));
        }
        for (int i = 1; i < candidates.size(); i++) {
            assertThat(candidates.get(i - 1).entry().rank()).isGreaterThanOrEqualTo(candidates.get(i).entry().rank());
        }
    }

    static ModelEntry entry(String id, int context, int maxOutput, List<Capability> capabilities, int rank) {
        String provider = id.substring(0, id.indexOf('/'));
        return new ModelEntry(id, provider, id.substring(id.indexOf('/') + 1), List.of(), context, java.util.OptionalInt.of(maxOutput),
                java.util.Optional.empty(), java.util.Set.copyOf(capabilities), rank);
    }
}
