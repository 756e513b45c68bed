package dev.anyrouter.keys;

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
class ProviderKeyStoreTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));
    Database db;
    ProviderKeyStore store;
    String alice;
    String bob;

    @BeforeEach
    void open() {
        db = databases.open(engine);
        store = new ProviderKeyStore(db, clock);
        alice = TestDatabases.createAccount(db);
        bob = TestDatabases.createAccount(db);
    }

    private ProviderKeyRecord key(String account, String provider, String alias, int priority) {
        clock.advance(Duration.ofSeconds(1));
        return new ProviderKeyRecord(UUID.randomUUID().toString(), account, provider, alias, "sk-…" + alias, priority, 1,
                null, Map.of(), List.of(), KeyStatus.ACTIVE, null, clock.instant(), null,
                "Y2lwaGVydGV4dA==", "d3JhcHBlZA==", 7);
    }

    @Test
    void insertedKeyReadsBackFieldForField() {
        var record = new ProviderKeyRecord(UUID.randomUUID().toString(), alice, "openai", "main", "sk-…abcd", 2, 5,
                "https://proxy.example/v1", Map.of("OpenAI-Organization", "org-1", "X-Team", "a"), List.of("api-key-1", "api-key-2"),
                KeyStatus.ACTIVE, null, Instant.parse("2026-01-01T00:00:00.123Z"), null, "Y2lwaGVy", "d3JhcA==", 3);
        store.insert(record);
        assertThat(store.find(alice, record.id())).contains(record);
    }

    @Test
    void listOrdersByProviderThenPriorityThenAge() {
        var groqB = key(alice, "groq", "groq-b", 2);
        var openaiA = key(alice, "openai", "openai-a", 1);
        var groqA = key(alice, "groq", "groq-a", 1);
        var groqC = key(alice, "groq", "groq-c", 2);
        for (var k : List.of(groqB, openaiA, groqA, groqC)) {
            store.insert(k);
        }
        assertThat(store.list(alice)).extracting(ProviderKeyRecord::alias).containsExactly("groq-a", "groq-b", "groq-c", "openai-a");
    }

    @Test
    void activeForReturnsOnlyActiveKeysOfThatProviderInPoolOrder() {
        var second = key(alice, "openai", "second", 5);
        var first = key(alice, "openai", "first", 1);
        var quarantined = key(alice, "openai", "quarantined", 0);
        var disabled = key(alice, "openai", "disabled", 0);
        var other = key(alice, "anthropic", "other", 0);
        for (var k : List.of(second, first, quarantined, disabled, other)) {
            store.insert(k);
        }
        store.setStatus(quarantined.id(), KeyStatus.QUARANTINED, "401 from upstream");
        store.update(alice, disabled.id(), new KeyPatch(null, null, null, null, null, null, KeyStatus.DISABLED));

        assertThat(store.activeFor(alice, "openai")).extracting(ProviderKeyRecord::alias).containsExactly("first", "second");
        assertThat(store.find(alice, quarantined.id()).orElseThrow())
                .satisfies(k -> {
                    assertThat(k.status()).isEqualTo(KeyStatus.QUARANTINED);
                    assertThat(k.statusReason()).isEqualTo("401 from upstream");
                });
    }

    @Test
    void updateChangesOnlyTheGivenFields() {
        var original = key(alice, "openai", "main", 1);
        store.insert(original);

        var updated = store.update(alice, original.id(),
                new KeyPatch("renamed", null, 9, "https://eu.example/v1", Map.of("X-A", "b"), List.of("k1"), null)).orElseThrow();

        assertThat(updated.alias()).isEqualTo("renamed");
        assertThat(updated.priority()).isEqualTo(original.priority());
        assertThat(updated.weight()).isEqualTo(9);
        assertThat(updated.baseUrl()).isEqualTo("https://eu.example/v1");
        assertThat(updated.headers()).isEqualTo(Map.of("X-A", "b"));
        assertThat(updated.scope()).containsExactly("k1");
        assertThat(updated.status()).isEqualTo(KeyStatus.ACTIVE);
        assertThat(updated.ciphertext()).isEqualTo(original.ciphertext());
        assertThat(store.find(alice, original.id())).contains(updated);
    }

    @Test
    void blankBaseUrlClearsItAndEmptyPatchChangesNothing() {
        var original = key(alice, "openai", "main", 1);
        store.insert(original);
        store.update(alice, original.id(), new KeyPatch(null, null, null, "https://x.example", null, null, null));
        assertThat(store.update(alice, original.id(), new KeyPatch(null, null, null, "", null, null, null)).orElseThrow().baseUrl())
                .isNull();
        assertThat(store.update(alice, original.id(), new KeyPatch(null, null, null, null, null, null, null)))
                .contains(store.find(alice, original.id()).orElseThrow());
    }

    @Test
    void anEditDoesNotUndoAQuarantineButReEnablingClearsTheReason() {
        var original = key(alice, "openai", "main", 1);
        store.insert(original);
        store.setStatus(original.id(), KeyStatus.QUARANTINED, "401");
        assertThat(store.update(alice, original.id(), new KeyPatch("new alias", null, null, null, null, null, null)).orElseThrow())
                .extracting(ProviderKeyRecord::status, ProviderKeyRecord::statusReason)
                .containsExactly(KeyStatus.QUARANTINED, "401");
        assertThat(store.update(alice, original.id(), new KeyPatch(null, null, null, null, null, null, KeyStatus.ACTIVE)).orElseThrow())
                .extracting(ProviderKeyRecord::status, ProviderKeyRecord::statusReason)
                .containsExactly(KeyStatus.ACTIVE, null);
    }

    @Test
    void anotherAccountCanNeitherFindUpdateNorDeleteMyKeys() {
        var mine = key(alice, "openai", "mine", 1);
        store.insert(mine);

        assertThat(store.find(bob, mine.id())).isEmpty();
        assertThat(store.list(bob)).isEmpty();
        assertThat(store.activeFor(bob, "openai")).isEmpty();
        assertThat(store.update(bob, mine.id(), new KeyPatch("stolen", 0, 100, "https://evil.example", null, null, KeyStatus.DISABLED)))
                .isEmpty();
        assertThat(store.delete(bob, mine.id())).isFalse();
        assertThat(store.find(alice, mine.id())).contains(mine);
    }

    @Test
    void deleteRemovesTheKey() {
        var mine = key(alice, "openai", "mine", 1);
        store.insert(mine);
        assertThat(store.delete(alice, mine.id())).isTrue();
        assertThat(store.find(alice, mine.id())).isEmpty();
        assertThat(store.delete(alice, mine.id())).isFalse();
    }

    @Test
    void touchLastUsedOnlyMovesForward() {
        var mine = key(alice, "openai", "mine", 1);
        store.insert(mine);
        Instant later = Instant.parse("2026-03-01T00:00:00Z");
        store.touchLastUsed(mine.id(), later);
        store.touchLastUsed(mine.id(), later.minusSeconds(5));
        assertThat(store.find(alice, mine.id()).orElseThrow().lastUsedAt()).isEqualTo(later);
    }

    @Test
    void printingARecordLeavesOutTheSealedCredentialAndHeaderValues() {
        var record = new ProviderKeyRecord("id-1", alice, "openai", "main", "sk-…abcd", 1, 1, null,
                Map.of("X-Secret-Org", "org-value-42"), List.of(), KeyStatus.ACTIVE, null, clock.instant(), null,
                "CIPHERTEXT-B64", "WRAPPED-B64", 1);
        assertThat(record.toString()).doesNotContain("CIPHERTEXT-B64", "WRAPPED-B64", "org-value-42").contains("main", "X-Secret-Org");
    }

    @Test
    void resealReplacesTheCredentialOnlyIfNobodyElseDidFirst() {
        var mine = key(alice, "openai", "mine", 1);
        var other = key(bob, "openai", "other", 1);
        store.insert(mine);
        store.insert(other);
        var rotated = new ProviderKeyRecord(other.id(), other.accountId(), other.provider(), other.alias(), other.masked(),
                other.priority(), other.weight(), other.baseUrl(), other.headers(), other.scope(), other.status(),
                other.statusReason(), other.createdAt(), other.lastUsedAt(), other.ciphertext(), other.wrappedKey(), 8);
        store.reseal(other, rotated.ciphertext(), rotated.wrappedKey(), 8);

        assertThat(store.sealedUnderOtherVersion(8, 100)).extracting(ProviderKeyRecord::id).containsExactly(mine.id());
        assertThat(store.reseal(mine, "bmV3", "bmV3LXdyYXA=", 8)).isTrue();
        assertThat(store.reseal(mine, "c3RhbGU=", "c3RhbGU=", 8)).as("stale view of the row").isFalse();
        assertThat(store.find(alice, mine.id()).orElseThrow())
                .extracting(ProviderKeyRecord::ciphertext, ProviderKeyRecord::wrappedKey, ProviderKeyRecord::keyVersion)
                .containsExactly("bmV3", "bmV3LXdyYXA=", 8);
        assertThat(store.sealedUnderOtherVersion(8, 100)).isEmpty();
    }

    @Test
    void scopeTellsWhichApiKeysMayUseTheKey() {
        var open = key(alice, "openai", "open", 1);
        assertThat(open.allows("any")).isTrue();
        var scoped = new ProviderKeyRecord("id", alice, "openai", "scoped", "m", 1, 1, null, null, List.of("k1"),
                KeyStatus.ACTIVE, null, clock.instant(), null, "c", "w", 1);
        assertThat(scoped.allows("k1")).isTrue();
        assertThat(scoped.allows("k2")).isFalse();
        assertThat(scoped.headers()).isEmpty();
    }
}
