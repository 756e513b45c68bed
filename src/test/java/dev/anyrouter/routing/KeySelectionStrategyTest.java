package dev.anyrouter.routing;

import dev.anyrouter.keys.ProviderKeyRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static dev.anyrouter.routing.PoolKeys.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KeySelectionStrategyTest {
    private static final int PICKS = 4_000;

    @Test
    void fallbackOrdersByPriorityThenOldestFirst() {
        var young = key("young", 1, 1, 5);
        var old = key("old", 1, 1, 1);
        var first = key("first", 0, 1, 9);
        var last = key("last", 7, 1, 0);
        assertThat(KeySelectionStrategy.fallback().order(List.of(last, young, first, old)))
                .extracting(ProviderKeyRecord::alias).containsExactly("first", "old", "young", "last");
    }

    @Test
    void weightedSendsFirstPicksInProportionOneToThreeWithinThreePercent() {
        var light = key("light", 1, 1, 0);
        var heavy = key("heavy", 1, 3, 1);
        KeySelectionStrategy weighted = KeySelectionStrategy.weighted(new Random(42));
        int heavyFirst = 0;
        for (int i = 0; i < PICKS; i++) {
            if (weighted.order(List.of(light, heavy)).getFirst() == heavy) heavyFirst++;
        }
        assertThat(heavyFirst / (double) PICKS).isCloseTo(0.75, within(0.03));
    }

    @Test
    void weightZeroKeysAreStandbyAfterEveryWeightedKey() {
        var standbyOld = key("standby-old", 5, 0, 0);
        var standbyNew = key("standby-new", 5, 0, 3);
        var a = key("a", 9, 1, 1);
        var b = key("b", 9, 2, 2);
        KeySelectionStrategy weighted = KeySelectionStrategy.weighted(new Random(7));
        for (int i = 0; i < 500; i++) {
            assertThat(weighted.order(List.of(standbyNew, a, standbyOld, b)).subList(2, 4))
                    .extracting(ProviderKeyRecord::alias).containsExactly("standby-old", "standby-new");
        }
        assertThat(weighted.order(List.of(standbyNew, standbyOld))).extracting(ProviderKeyRecord::alias)
                .containsExactly("standby-old", "standby-new");
    }

    @Test
    void roundRobinGivesEveryKeyTheSameTurnsUnderFiftyConcurrentThreads() throws Exception {
        List<ProviderKeyRecord> keys = PoolKeys.pool(4);
        KeySelectionStrategy roundRobin = KeySelectionStrategy.roundRobin();
        Map<String, AtomicInteger> firsts = new ConcurrentHashMap<>();
        int threads = 50;
        int perThread = 80;
        CountDownLatch start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (int i = 0; i < perThread; i++) {
                        firsts.computeIfAbsent(roundRobin.order(keys).getFirst().alias(), k -> new AtomicInteger()).incrementAndGet();
                    }
                });
            }
            start.countDown();
        }
        assertThat(firsts).hasSize(4);
        assertThat(firsts.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(threads * perThread / 4));
    }

    @Test
    void roundRobinRotatesThroughTheWholePoolInPriorityOrder() {
        KeySelectionStrategy roundRobin = KeySelectionStrategy.roundRobin();
        List<ProviderKeyRecord> keys = PoolKeys.pool(3);
        assertThat(roundRobin.order(keys)).extracting(ProviderKeyRecord::alias).containsExactly("a0", "a1", "a2");
        assertThat(roundRobin.order(keys)).extracting(ProviderKeyRecord::alias).containsExactly("a1", "a2", "a0");
        assertThat(roundRobin.order(keys)).extracting(ProviderKeyRecord::alias).containsExactly("a2", "a0", "a1");
    }

    @Test
    void randomPutsEachKeyFirstAboutEquallyOften() {
        List<ProviderKeyRecord> keys = PoolKeys.pool(4);
        KeySelectionStrategy random = KeySelectionStrategy.random(new Random(3));
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < PICKS; i++) firsts.merge(random.order(keys).getFirst().alias(), 1, Integer::sum);
        assertThat(firsts.values()).allSatisfy(n -> assertThat(n / (double) PICKS).isCloseTo(0.25, within(0.03)));
    }

    @Test
    void everyStrategyYieldsAFullOrderingOfItsInput() {
        Random seeds = new Random(11);
        for (int round = 0; round < 200; round++) {
            List<ProviderKeyRecord> keys = new ArrayList<>();
            int n = seeds.nextInt(12);
            for (int i = 0; i < n; i++) keys.add(key("k" + i, seeds.nextInt(3), seeds.nextInt(4), seeds.nextInt(100)));
            Collections.shuffle(keys, seeds);
            for (PoolStrategy s : PoolStrategy.values()) {
                assertThat(KeySelectionStrategy.of(s, new Random(round)).order(keys)).as(s.name())
                        .containsExactlyInAnyOrderElementsOf(keys);
            }
        }
    }

    @Test
    void strategiesAreSpelledAsTheApiSpellsThem() {
        assertThat(PoolStrategy.fromWire("round_robin")).isEqualTo(PoolStrategy.ROUND_ROBIN);
        assertThat(PoolStrategy.fromWire(" Weighted ")).isEqualTo(PoolStrategy.WEIGHTED);
        assertThat(PoolStrategy.fromWire("roundrobin")).isNull();
        assertThat(PoolStrategy.FALLBACK.wireName()).isEqualTo("fallback");
    }

    private static dev.anyrouter.providers.RateLimits said(long requestsLeft, long tokensLeft) {
        return dev.anyrouter.providers.RateLimitHeaders.OPENAI.read(Map.of(
                "x-ratelimit-limit-requests", "500", "x-ratelimit-remaining-requests", Long.toString(requestsLeft),
                "x-ratelimit-reset-requests", "60s", "x-ratelimit-limit-tokens", "40000",
                "x-ratelimit-remaining-tokens", Long.toString(tokensLeft), "x-ratelimit-reset-tokens", "60s")::get, PoolKeys.T0);
    }

    @Test
    void headroomPutsTheKeyWithTheLargestShareLeftFirstAndUnknownKeysAsFull() {
        var clock = new dev.anyrouter.store.MutableClock(PoolKeys.T0);
        var headroom = new Headroom(clock);
        var busy = key("busy", 0, 1, 0);
        var roomy = key("roomy", 1, 1, 1);
        var fresh = key("fresh", 2, 1, 2);
        for (var k : List.of(busy, roomy)) headroom.sent(k, "m", 0);
        headroom.answered(busy, "m", 0, said(450, 5_000));
        headroom.answered(roomy, "m", 0, said(300, 30_000));
        KeySelectionStrategy strategy = KeySelectionStrategy.headroom(headroom);

        assertThat(strategy.order(List.of(busy, roomy, fresh), "m", 1_000)).extracting(ProviderKeyRecord::alias)
                .containsExactly("fresh", "roomy", "busy");
        assertThat(strategy.order(List.of(busy, roomy, fresh))).as("without a model: priority").extracting(ProviderKeyRecord::alias)
                .containsExactly("busy", "roomy", "fresh");
        assertThat(KeySelectionStrategy.of(PoolStrategy.HEADROOM, new Random(1), new KeySignals(clock))
                .order(List.of(roomy, busy), "m", 1)).as("ties (nothing known) in priority order")
                .extracting(ProviderKeyRecord::alias).containsExactly("busy", "roomy");
    }

    @Test
    void latencyPutsTheFastestFirstUnmeasuredKeysBeforeAllAndExploresNowAndThen() {
        var latencies = new Latencies();
        var slow = key("slow", 0, 1, 0);
        var fast = key("fast", 1, 1, 1);
        var unmeasured = key("new", 2, 1, 2);
        latencies.observe(slow, "m", java.time.Duration.ofMillis(900));
        latencies.observe(fast, "m", java.time.Duration.ofMillis(120));
        KeySelectionStrategy strategy = KeySelectionStrategy.latency(latencies, new Random(5));
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < PICKS; i++) firsts.merge(strategy.order(List.of(slow, fast, unmeasured), "m", 0).getFirst().alias(), 1, Integer::sum);
        assertThat(firsts.get("new") / (double) PICKS).as("the unmeasured key first, but for exploration")
                .isCloseTo(1 - KeySelectionStrategy.EXPLORATION * 2 / 3, within(0.02));

        latencies.observe(unmeasured, "m", java.time.Duration.ofMillis(500));
        firsts.clear();
        for (int i = 0; i < PICKS; i++) firsts.merge(strategy.order(List.of(slow, fast, unmeasured), "m", 0).getFirst().alias(), 1, Integer::sum);
        assertThat(firsts.get("fast") / (double) PICKS).isCloseTo(1 - KeySelectionStrategy.EXPLORATION * 2 / 3, within(0.02));
        assertThat(firsts.get("slow")).as("a slow key is still seen now and then").isPositive();

        // The average moves 30 % toward each answer: a recovered key overtakes within a few answers.
        for (int i = 0; i < 8; i++) latencies.observe(slow, "m", java.time.Duration.ofMillis(50));
        assertThat(latencies.averageNanos(slow, "m").getAsLong()).isLessThan(latencies.averageNanos(fast, "m").getAsLong());
    }
}
