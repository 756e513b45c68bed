package dev.anyrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anyrouter.providers.ModelCatalog;
import dev.anyrouter.providers.ProviderCatalog;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the router turns the ids a request names into route targets. */
class RouterTest {
    static final ProviderCatalog PROVIDERS = ProviderCatalog.loadDefault();
    static final ModelCatalog CATALOG = ModelCatalog.loadDefault(PROVIDERS);
    final RoutePlanner planner = new RoutePlanner(new ModelResolver(PROVIDERS), null, null, null);
    final ModelRouter router = new ModelRouter(planner, null, CATALOG);
    final List<ReachableModel> reach = new ReachableModels(null, null, PROVIDERS, CATALOG, java.time.Clock.systemUTC())
            .join(List.of(CandidatesTest.key("o", "openai"), CandidatesTest.key("a", "anthropic")), Map.of(
                    "o", List.of("gpt-5", "o3", "gpt-4.1"), "a", List.of("claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805")));

    List<String> ids(List<RouteTarget> targets) {
        return targets.stream().map(t -> t.model().canonicalId()).toList();
    }

    @Test
    void aVirtualModelBecomesItsCandidatesOnTheirOwnKeysNeverOnCredits() {
        List<RouteTarget> targets = router.targets(new RouteRequest(List.of("anyrouter/agent"), RequestNeeds.ANY, RouteOptions.DEFAULT), reach);
        assertThat(ids(targets)).containsExactly("openai/gpt-5", "anthropic/claude-sonnet-4-5-20250929", "openai/o3",
                "anthropic/claude-opus-4-1-20250805", "openai/gpt-4.1");
        assertThat(targets).allMatch(t -> t.credits() == RouteTarget.Credits.NEVER);
        assertThat(targets.getFirst().keyIds()).containsExactly("o");
    }

    @Test
    void aModelsListKeepsItsOrderDropsRepeatsAndIsCapped() {
        List<String> many = List.of("openai/gpt-4o", "anthropic/claude-sonnet-4-5", "openai/gpt-4o", "anyrouter/byok");
        List<RouteTarget> targets = router.targets(new RouteRequest(many, RequestNeeds.ANY, RouteOptions.DEFAULT), reach);
        assertThat(ids(targets)).as("the same model by another id is tried once").containsExactly(
                "openai/gpt-4o", "anthropic/claude-sonnet-4-5", "openai/gpt-5", "openai/o3",
                "anthropic/claude-opus-4-1-20250805", "openai/gpt-4.1");
        List<ReachableModel> everything = new ReachableModels(null, null, PROVIDERS, CATALOG, java.time.Clock.systemUTC())
                .join(List.of(CandidatesTest.key("o", "openai")), Map.of());
        assertThat(router.targets(new RouteRequest(many, RequestNeeds.ANY, RouteOptions.DEFAULT), everything))
                .hasSize(ModelRouter.MAX_MODELS);
        assertThat(targets.get(0).credits()).isEqualTo(RouteTarget.Credits.POOL);
        assertThat(targets.get(0).keyIds()).as("a named model may use its provider's whole pool").isNull();
    }

    @Test
    void aPresetsProviderOrderPutsItsProvidersCandidatesFirstAndItsPinsUseOneKey() {
        RouteOptions options = new RouteOptions(List.of("anthropic"), RouteTarget.Credits.ALLOWED,
                List.of(new Preset.Pin("anthropic/claude-sonnet-4-5", "or-key", "openrouter", "anthropic/claude-sonnet-4.5")));
        List<RouteTarget> targets = router.targets(new RouteRequest(List.of("anyrouter/coding", "anthropic/claude-sonnet-4-5",
                "openai/gpt-4o"), RequestNeeds.ANY, options), reach);
        assertThat(ids(targets)).startsWith("anthropic/claude-sonnet-4-5-20250929", "anthropic/claude-opus-4-1-20250805",
                "openai/gpt-5");
        RouteTarget pinned = targets.stream().filter(t -> t.model().provider().id().equals("openrouter")).findFirst().orElseThrow();
        assertThat(pinned.model().upstreamModel()).isEqualTo("anthropic/claude-sonnet-4.5");
        assertThat(pinned.keyIds()).isEqualTo(Set.of("or-key"));
        assertThat(pinned.credits()).isEqualTo(RouteTarget.Credits.NEVER);
        assertThat(targets.getLast().credits()).isEqualTo(RouteTarget.Credits.ALLOWED);
    }

    @Test
    void anUnknownIdIsRefusedByName() {
        assertThatThrownBy(() -> router.targets(RouteRequest.of("nobody/knows"), reach))
                .isInstanceOfSatisfying(NoRouteException.class, e -> assertThat(e.reason()).isEqualTo(NoRouteException.Reason.UNKNOWN_MODEL));
    }

    @Test
    void aPinnedModelTakesTheIdItsKeysProviderListedForIt() {
        ModelRef sonnet = planner.place("anthropic/claude-sonnet-4-5");
        assertThat(PinTarget.upstreamId(sonnet, "anthropic", List.of(), CATALOG)).isEqualTo("claude-sonnet-4-5");
        assertThat(PinTarget.upstreamId(sonnet, "openrouter", List.of("openai/gpt-5", "anthropic/claude-sonnet-4.5"), CATALOG))
                .isEqualTo("anthropic/claude-sonnet-4.5");
        assertThat(PinTarget.upstreamId(sonnet, "openrouter", List.of(), CATALOG)).as("from the catalog's OpenRouter entries")
                .isEqualTo("anthropic/claude-sonnet-4.5");
        assertThat(PinTarget.upstreamId(planner.place("openai/gpt-4o"), "groq", List.of("llama-3.3-70b"), CATALOG))
                .isEqualTo("openai/gpt-4o");
    }
}
