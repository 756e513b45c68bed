package dev.anyrouter.keys;

import dev.anyrouter.keys.KeyModelStore.ProviderModel;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.MutableClock;
import dev.anyrouter.store.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass
@EnumSource(Engine.class)
class KeyModelStoreTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    Database db;
    ProviderKeyStore keys;
    KeyModelStore store;
    String alice;
    String bob;

    @BeforeEach
    void open() {
        db = databases.open(engine);
        keys = new ProviderKeyStore(db, clock);
        store = new KeyModelStore(db, clock);
        alice = TestDatabases.createAccount(db);
        bob = TestDatabases.createAccount(db);
    }

    private ProviderKeyRecord key(String account, String provider) {
        clock.advance(Duration.ofSeconds(1));
        var record = new ProviderKeyRecord(UUID.randomUUID().toString(), account, provider, provider + "-key", "sk-…abcd", 1, 1,
                null, Map.of(), List.of(), KeyStatus.ACTIVE, null, clock.instant(), null, "Y2lwaGVy", "d3JhcA==", 1);
        keys.insert(record);
        return record;
    }

    @Test
    void replaceStoresTheListAndReplacesItWhole() {
        var openai = key(alice, "openai");
        assertThat(store.replace(alice, openai.id(), List.of("gpt-4.1", "gpt-4o", "gpt-4.1", " ", "o3"))).isTrue();
        assertThat(store.modelsOf(alice, openai.id())).containsExactly("gpt-4.1", "gpt-4o", "o3");

        assertThat(store.replace(alice, openai.id(), List.of("gpt-5"))).isTrue();
        assertThat(store.modelsOf(alice, openai.id())).containsExactly("gpt-5");

        assertThat(store.replace(alice, openai.id(), List.of())).isTrue();
        assertThat(store.modelsOf(alice, openai.id())).isEmpty();
    }

    @Test
    void reachableListsDistinctPairsOfActiveKeysOnly() {
        var openaiA = key(alice, "openai");
        var openaiB = key(alice, "openai");
        var groq = key(alice, "groq");
        var quarantined = key(alice, "anthropic");
        var disabled = key(alice, "mistral");
        store.replace(alice, openaiA.id(), List.of("gpt-4.1", "o3"));
        store.replace(alice, openaiB.id(), List.of("gpt-4.1", "gpt-5"));
        store.replace(alice, groq.id(), List.of("openai/gpt-oss-120b", "llama-3.1-8b-instant"));
        store.replace(alice, quarantined.id(), List.of("claude-sonnet-4-5-20250929"));
        store.replace(alice, disabled.id(), List.of("mistral-large-latest"));
        keys.setStatus(quarantined.id(), KeyStatus.QUARANTINED, "401");
        keys.update(alice, disabled.id(), new KeyPatch(null, null, null, null, null, null, KeyStatus.DISABLED));

        assertThat(store.reachable(alice)).containsExactly(
                new ProviderModel("groq", "llama-3.1-8b-instant"),
                new ProviderModel("groq", "openai/gpt-oss-120b"),
                new ProviderModel("openai", "gpt-4.1"),
                new ProviderModel("openai", "gpt-5"),
                new ProviderModel("openai", "o3"));

        keys.setStatus(quarantined.id(), KeyStatus.ACTIVE, null);
        assertThat(store.reachable(alice)).contains(new ProviderModel("anthropic", "claude-sonnet-4-5-20250929"));
    }

    @Test
    void anotherAccountCanNeitherWriteNorReadNorDeleteMyLists() {
        var mine = key(alice, "openai");
        store.replace(alice, mine.id(), List.of("gpt-4.1"));

        assertThat(store.replace(bob, mine.id(), List.of("stolen"))).isFalse();
        assertThat(store.modelsOf(bob, mine.id())).isEmpty();
        assertThat(store.reachable(bob)).isEmpty();
        assertThat(store.delete(bob, mine.id())).isZero();
        assertThat(store.modelsOf(alice, mine.id())).containsExactly("gpt-4.1");
        assertThat(store.replace(alice, "no-such-key", List.of("x"))).isFalse();
    }

    @Test
    void deletingTheKeyDeletesItsList() {
        var mine = key(alice, "openai");
        var other = key(alice, "groq");
        store.replace(alice, mine.id(), List.of("gpt-4.1", "o3"));
        store.replace(alice, other.id(), List.of("llama-3.1-8b-instant"));

        assertThat(keys.delete(alice, mine.id())).isTrue();

        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM provider_key_models WHERE key_id = ?", mine.id())).isZero();
        assertThat(store.reachable(alice)).containsExactly(new ProviderModel("groq", "llama-3.1-8b-instant"));
    }

    @Test
    void deleteForgetsOnlyThatKeysList() {
        var mine = key(alice, "openai");
        store.replace(alice, mine.id(), List.of("gpt-4.1", "o3"));
        assertThat(store.delete(alice, mine.id())).isEqualTo(2);
        assertThat(store.modelsOf(alice, mine.id())).isEmpty();
        assertThat(keys.find(alice, mine.id())).isPresent();
    }
}
