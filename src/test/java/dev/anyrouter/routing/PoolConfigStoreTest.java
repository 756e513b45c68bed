package dev.anyrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.TestDatabases;
import java.time.Clock;
import java.util.Random;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PoolConfigStoreTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void storesOnePoolPerAccountAndProviderAndReplacesIt(Engine engine) {
        Database db = DATABASES.open(engine);
        String alice = TestDatabases.createAccount(db);
        String bob = TestDatabases.createAccount(db);
        var store = new PoolConfigStore(db, Clock.systemUTC());
        assertThat(store.find(alice, "openai")).isEmpty();

        store.put(alice, "openai", new PoolConfig(PoolStrategy.WEIGHTED, PoolCredits.FALLBACK));
        store.put(alice, "groq", new PoolConfig(PoolStrategy.RANDOM, PoolCredits.NEVER));
        store.put(alice, "openai", new PoolConfig(PoolStrategy.ROUND_ROBIN, PoolCredits.WITHOUT_KEYS));

        assertThat(store.find(alice, "openai")).contains(new PoolConfig(PoolStrategy.ROUND_ROBIN, PoolCredits.WITHOUT_KEYS));
        assertThat(store.list(alice)).containsOnlyKeys("groq", "openai")
                .containsEntry("groq", new PoolConfig(PoolStrategy.RANDOM, PoolCredits.NEVER));
        assertThat(store.find(bob, "openai")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void eachOfTheThreeCreditsSettingsReadsBackAsItWasStored(Engine engine) {
        Database db = DATABASES.open(engine);
        String alice = TestDatabases.createAccount(db);
        var store = new PoolConfigStore(db, Clock.systemUTC());
        for (PoolCredits credits : PoolCredits.values()) {
            store.put(alice, "openai", new PoolConfig(PoolStrategy.FALLBACK, credits));
            assertThat(store.find(alice, "openai")).as(credits.wireName()).contains(new PoolConfig(PoolStrategy.FALLBACK, credits));
        }
    }

    @org.junit.jupiter.api.Test
    void theOlderBooleanSwitchTurnsTheFallThroughOnAndOffAndLeavesNeverAlone() {
        assertThat(PoolCredits.WITHOUT_KEYS.withFallback(true)).isEqualTo(PoolCredits.FALLBACK);
        assertThat(PoolCredits.FALLBACK.withFallback(false)).isEqualTo(PoolCredits.WITHOUT_KEYS);
        assertThat(PoolCredits.NEVER.withFallback(false)).isEqualTo(PoolCredits.NEVER);
        assertThat(PoolCredits.NEVER.withFallback(true)).isEqualTo(PoolCredits.FALLBACK);
        assertThat(PoolCredits.fromWire("without_keys")).isEqualTo(PoolCredits.WITHOUT_KEYS);
        assertThat(PoolCredits.fromWire("on")).isNull();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anUnconfiguredPoolIsFallbackWithCreditsOnlyWithoutKeysAndARoundRobinSurvivesACacheRefresh(Engine engine) {
        Database db = DATABASES.open(engine);
        String alice = TestDatabases.createAccount(db);
        var pools = new KeyPools(new PoolConfigStore(db, Clock.systemUTC()), new Random(1), Clock.systemUTC());
        assertThat(pools.load(alice, "openai").config()).isEqualTo(PoolConfig.DEFAULT)
                .isEqualTo(new PoolConfig(PoolStrategy.FALLBACK, PoolCredits.WITHOUT_KEYS));

        KeyPools.Pool put = pools.put(alice, "openai", new PoolConfig(PoolStrategy.ROUND_ROBIN, PoolCredits.FALLBACK));
        assertThat(pools.cached(alice, "openai")).isSameAs(put);
        assertThat(pools.load(alice, "openai").strategy()).isSameAs(put.strategy());
    }
}
