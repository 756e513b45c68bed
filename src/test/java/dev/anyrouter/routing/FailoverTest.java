package dev.anyrouter.routing;

import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.providers.exchange.Outcome;
import dev.anyrouter.store.MutableClock;
import dev.anyrouter.usage.AttemptTrace;
import dev.anyrouter.vault.Secret;
import io.vertx.core.Future;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailoverTest {
    private static final ModelRef MODEL = new ModelRef(ProviderCatalog.loadDefault().find("openai").orElseThrow(), "gpt-4.1-mini");

    private final MutableClock clock = new MutableClock(PoolKeys.T0);
    private final KeyHealth health = KeyHealth.standard(clock, (key, reason) -> { });
    private final List<String> called = new ArrayList<>();
    private final Map<String, Outcome> scripted = new HashMap<>();

    private Failover failover(int maxAttempts, int maxRetries) {
        return new Failover(health, clock, maxAttempts, maxRetries);
    }

    private Failover.Exchange exchange() {
        return attempt -> {
            called.add(attempt.key().alias());
            Outcome r = scripted.get(attempt.key().alias());
            return Future.succeededFuture(r == null ? Outcomes.served() : r);
        };
    }

    private static List<Attempt> attempts(List<ProviderKeyRecord> keys) {
        return keys.stream().map(k -> new Attempt(MODEL, k, new UpstreamTarget(MODEL.provider(), MODEL.provider().baseUrl(),
                Secret.of("sk-test-" + k.alias()), Map.of()))).toList();
    }

    @Test
    void aPoolOfTenWhereNineAreRefusedIsServedByTheTenth() {
        List<ProviderKeyRecord> keys = PoolKeys.pool(10);
        for (int i = 0; i < 9; i++) scripted.put("a" + i, Outcomes.answered(401));
        AttemptLog log = new AttemptLog();
        var walk = failover(16, 2).walk(attempts(keys), log, exchange()).result();
        assertThat(walk).isInstanceOf(Failover.Walk.Served.class);
        assertThat(((Failover.Walk.Served) walk).attempt().key().alias()).isEqualTo("a9");
        assertThat(log.rotations()).isEqualTo(9);
        assertThat(log.retries()).isZero();
        assertThat(log.entries()).extracting(AttemptTrace::outcome).startsWith("401 quarantined").endsWith("ok");
    }

    @Test
    void a429CoolsTheKeyAndTheNextServesThenTheKeyIsSkippedUntilItsTimeIsUp() {
        List<ProviderKeyRecord> keys = PoolKeys.pool(2);
        scripted.put("a0", Outcomes.rateLimited(20));
        AttemptLog first = new AttemptLog();
        failover(16, 2).walk(attempts(keys), first, exchange());
        assertThat(first.entries()).extracting(AttemptTrace::key, AttemptTrace::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a0", "429 cool-down 20 s"), org.assertj.core.groups.Tuple.tuple("a1", "ok"));

        scripted.clear();
        called.clear();
        clock.advance(Duration.ofSeconds(10));
        failover(16, 2).walk(attempts(keys), new AttemptLog(), exchange());
        assertThat(called).containsExactly("a1");
        clock.advance(Duration.ofSeconds(11));
        called.clear();
        failover(16, 2).walk(attempts(keys), new AttemptLog(), exchange());
        assertThat(called).containsExactly("a0");
    }

    @Test
    void transientFailuresSpendABoundedRetryBudget() {
        List<ProviderKeyRecord> keys = PoolKeys.pool(8);
        for (ProviderKeyRecord k : keys) scripted.put(k.alias(), Outcomes.answered(503));
        scripted.put("a1", Outcomes.unreachable());
        AttemptLog log = new AttemptLog();
        var walk = (Failover.Walk.Exhausted) failover(16, 2).walk(attempts(keys), log, exchange()).result();
        assertThat(walk.budgetSpent()).isTrue();
        assertThat(called).containsExactly("a0", "a1", "a2");
        assertThat(log.entries()).extracting(AttemptTrace::outcome).containsExactly("503 next key", "connect error next key", "503 next key");
    }

    @Test
    void theTotalNumberOfUpstreamCallsIsCapped() {
        List<ProviderKeyRecord> keys = PoolKeys.pool(10);
        for (ProviderKeyRecord k : keys) scripted.put(k.alias(), Outcomes.answered(401));
        var walk = (Failover.Walk.Exhausted) failover(4, 2).walk(attempts(keys), new AttemptLog(), exchange()).result();
        assertThat(called).hasSize(4);
        assertThat(walk.budgetSpent()).isTrue();
    }

    @Test
    void whenEveryKeyIsDownNoUpstreamIsCalled() {
        List<ProviderKeyRecord> keys = PoolKeys.pool(3);
        for (ProviderKeyRecord k : keys) health.onFailure(k, MODEL.upstreamModel(), new KeyFailure.RateLimited(429, Duration.ofSeconds(30)));
        AttemptLog log = new AttemptLog();
        var walk = (Failover.Walk.Exhausted) failover(16, 2).walk(attempts(keys), log, exchange()).result();
        assertThat(called).isEmpty();
        assertThat(walk.last()).isNull();
        assertThat(log.entries()).extracting(AttemptTrace::outcome).containsOnly("skipped: cooling down");
    }

    @Test
    void aRequestErrorPassedOnEndsTheWalkWithoutBlamingTheKey() {
        List<ProviderKeyRecord> keys = PoolKeys.pool(2);
        scripted.put("a0", Outcomes.answered(400));
        AttemptLog log = new AttemptLog();
        var walk = failover(16, 2).walk(attempts(keys), log, exchange()).result();
        assertThat(walk).isInstanceOfSatisfying(Failover.Walk.Refused.class, refused -> assertThat(refused.answer().status()).isEqualTo(400));
        assertThat(log.entries()).extracting(AttemptTrace::outcome).containsExactly("request error passed on");
        assertThat(called).containsExactly("a0");
        assertThat(health.check(keys.getFirst(), MODEL.upstreamModel()).state()).isEqualTo(KeyHealth.State.HEALTHY);
    }

    /** A served answer whose headers said the key has {@code left} of 60 requests, whole again in 40 s. */
    private static Outcome servedWith(long left) {
        var limits = dev.anyrouter.providers.RateLimitHeaders.OPENAI.read(Map.of("x-ratelimit-limit-requests", "60",
                "x-ratelimit-remaining-requests", Long.toString(left), "x-ratelimit-reset-requests", "40s")::get, PoolKeys.T0);
        return ((Outcome.Served) Outcomes.served()).withRateLimits(limits);
    }

    @Test
    void aKeyItsAnswersForecastEmptyIsPassedByUnderAnyStrategyAndTheTraceSaysWhy() {
        KeySignals signals = new KeySignals(clock);
        Failover failover = new Failover(health, signals, dev.anyrouter.cluster.ProbeLeases.inProcess(), clock, 16, 2);
        List<ProviderKeyRecord> keys = PoolKeys.pool(2);
        scripted.put("a0", servedWith(0));
        AttemptLog first = new AttemptLog("r1", 100);
        failover.walk(attempts(keys), first, exchange()).result();
        assertThat(first.entries()).singleElement().satisfies(t -> {
            assertThat(t.outcome()).isEqualTo("ok");
            assertThat(t.why()).isEqualTo("remaining 0/60 requests, resets in 40 s");
        });

        called.clear();
        scripted.put("a1", servedWith(59));
        AttemptLog second = new AttemptLog("r2", 100);
        var walk = failover.walk(attempts(keys), second, exchange()).result();
        assertThat(((Failover.Walk.Served) walk).attempt().key().alias()).isEqualTo("a1");
        assertThat(called).as("the empty key was not called").containsExactly("a1");
        assertThat(second.entries()).extracting(AttemptTrace::outcome).containsExactly("skipped: predicted empty", "ok");
        assertThat(second.entries().getFirst().why()).isEqualTo("remaining 0/60 requests, resets in 40 s");
        assertThat(second.entries().get(1).why()).startsWith("remaining 59/60 requests");

        // A quarter of its window later the key has refilled a quarter and is tried again.
        clock.advance(Duration.ofSeconds(10));
        called.clear();
        scripted.put("a0", servedWith(14));
        failover.walk(attempts(keys), new AttemptLog("r3", 100), exchange()).result();
        assertThat(called).containsExactly("a0");
    }

    @Test
    void anErrorAnswersHeadersTeachToo() {
        KeySignals signals = new KeySignals(clock);
        Failover failover = new Failover(health, signals, dev.anyrouter.cluster.ProbeLeases.inProcess(), clock, 16, 2);
        ProviderKeyRecord only = PoolKeys.pool(1).getFirst();
        scripted.put("a0", new Outcome.NotServed(new Outcome.ErrorAnswer(500, Map.of("x-ratelimit-limit-tokens", "1000",
                "x-ratelimit-remaining-tokens", "10", "x-ratelimit-reset-tokens", "6s")::get, new byte[0])));
        failover.walk(attempts(List.of(only)), new AttemptLog("r", 100), exchange()).result();
        assertThat(signals.headroom().forecast(only, MODEL.upstreamModel(), 100).exhausted()).isTrue();
        assertThat(signals.headroom().forecast(only, MODEL.upstreamModel(), 5).exhausted()).isFalse();
    }
}
