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

        store.put(alice, "openai", new PoolConfig(PoolStrategy.WEIGHTED, true));
        store.put(alice, "groq", new PoolConfig(PoolStrategy.RANDOM, false));
        store.put(alice, "openai", new PoolConfig(PoolStrategy.ROUND_ROBIN, false));

        assertThat(store.find(alice, "openai")).contains(new PoolConfig(PoolStrategy.ROUND_ROBIN, false));
        assertThat(store.list(alice)).containsOnlyKeys("groq", "openai");
        assertThat(store.find(bob, "openai")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anUnconfiguredPoolIsFallbackWithoutCreditsAndARoundRobinSurvivesACacheRefresh(Engine engine) {
        Database db = DATABASES.open(engine);
        String alice = TestDatabases.createAccount(db);
        var pools = new KeyPools(new PoolConfigStore(db, Clock.systemUTC()), new Random(1), Clock.systemUTC());
        assertThat(pools.load(alice, "openai").config()).isEqualTo(PoolConfig.DEFAULT);

        KeyPools.Pool put = pools.put(alice, "openai", new PoolConfig(PoolStrategy.ROUND_ROBIN, true));
        assertThat(pools.cached(alice, "openai")).isSameAs(put);
        assertThat(pools.load(alice, "openai").strategy()).isSameAs(put.strategy());
    }
}
