package dev.anyrouter.routing;

import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.providers.exchange.Outcome;
import dev.anyrouter.store.MutableClock;
import dev.anyrouter.usage.AttemptTrace;
import dev.anyrouter.vault.Secret;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Failover#walkAll}: a plan of several models, each walked on its own keys, in order. */
class FailoverAcrossModelsTest {
    private static final ProviderCatalog PROVIDERS = ProviderCatalog.loadDefault();
    private static final ModelRef GPT = new ModelRef(PROVIDERS.find("openai").orElseThrow(), "gpt-5");
    private static final ModelRef CLAUDE = new ModelRef(PROVIDERS.find("anthropic").orElseThrow(), "claude-sonnet-4-5");
    private static final ModelRef GEMINI = new ModelRef(PROVIDERS.find("google").orElseThrow(), "gemini-2.5-pro");

    private final MutableClock clock = new MutableClock(PoolKeys.T0);
    private final KeyHealth health = KeyHealth.standard(clock, (key, reason) -> { });
    private final List<String> called = new ArrayList<>();
    private final Map<String, Outcome> scripted = new HashMap<>();

    private Failover.Exchange exchange() {
        return attempt -> {
            String id = attempt.model().provider().id() + ":" + attempt.key().alias();
            called.add(id);
            return Future.succeededFuture(scripted.getOrDefault(id, Outcomes.served()));
        };
    }

    private static List<Attempt> on(ModelRef model, String... aliases) {
        List<Attempt> out = new ArrayList<>();
        for (int i = 0; i < aliases.length; i++) {
            ProviderKeyRecord key = PoolKeys.key(aliases[i], 1, 1, i);
            out.add(new Attempt(model, key, new UpstreamTarget(model.provider(), model.provider().baseUrl(),
                    Secret.of("sk-test-" + aliases[i]), Map.of())));
        }
        return out;
    }

    @Test
    void aModelWhoseKeysAreAllBusyHandsTheRequestToTheNextModel() {
        scripted.put("openai:o1", Outcomes.rateLimited(5));
        scripted.put("openai:o2", Outcomes.rateLimited(5));
        AttemptLog log = new AttemptLog();
        var walk = new Failover(health, clock, 16, 2).walkAll(List.of(on(GPT, "o1", "o2"), on(CLAUDE, "c1")), log, exchange()).result();
        assertThat(walk).isInstanceOfSatisfying(Failover.Walk.Served.class,
                served -> assertThat(served.attempt().model()).isEqualTo(CLAUDE));
        assertThat(called).containsExactly("openai:o1", "openai:o2", "anthropic:c1");
        assertThat(log.entries()).extracting(AttemptTrace::model)
                .containsExactly("openai/gpt-5", "openai/gpt-5", "anthropic/claude-sonnet-4-5");
    }

    @Test
    void eachModelHasItsOwnRetryBudgetButTheCallCapHoldsForTheWholeRequest() {
        for (String k : List.of("o1", "o2", "o3", "o4")) scripted.put("openai:" + k, Outcomes.answered(500));
        var walk = new Failover(health, clock, 16, 1)
                .walkAll(List.of(on(GPT, "o1", "o2", "o3", "o4"), on(GEMINI, "g1")), new AttemptLog(), exchange()).result();
        assertThat(walk).isInstanceOf(Failover.Walk.Served.class);
        assertThat(called).as("two failures spend OpenAI's budget of one retry; Gemini starts afresh")
                .containsExactly("openai:o1", "openai:o2", "google:g1");

        called.clear();
        scripted.clear();
        for (String k : List.of("x1", "x2", "x3")) scripted.put("openai:" + k, Outcomes.answered(401));
        var capped = new Failover(health, clock, 2, 2)
                .walkAll(List.of(on(GPT, "x1", "x2", "x3"), on(CLAUDE, "c9")), new AttemptLog(), exchange()).result();
        assertThat(capped).isInstanceOfSatisfying(Failover.Walk.Exhausted.class, end -> {
            assertThat(end.budgetSpent()).isTrue();
            assertThat(end.last()).isNotNull();
        });
        assertThat(called).containsExactly("openai:x1", "openai:x2");
    }

    @Test
    void whenEveryModelFailsTheWalkEndsWithTheLastFailure() {
        scripted.put("openai:o1", Outcomes.answered(503));
        scripted.put("anthropic:c1", Outcomes.rateLimited(3));
        var walk = new Failover(health, clock, 16, 2)
                .walkAll(List.of(on(GPT, "o1"), on(CLAUDE, "c1"), List.of()), new AttemptLog(), exchange()).result();
        assertThat(walk).isInstanceOfSatisfying(Failover.Walk.Exhausted.class,
                end -> assertThat(end.last().failure()).isInstanceOf(KeyFailure.RateLimited.class));
    }
}
