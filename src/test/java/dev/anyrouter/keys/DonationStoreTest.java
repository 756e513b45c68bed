package dev.anyrouter.keys;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Donation rows on both engines: consent written once and kept, and the pool's keys as the request path reads them. */
@ParameterizedClass
@EnumSource(Engine.class)
class DonationStoreTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T10:00:00Z"));
    Database db;
    DonationStore store;
    ProviderKeyStore keys;
    String alice;
    String bob;

    @BeforeEach
    void open() {
        db = databases.open(engine);
        store = new DonationStore(db, clock);
        keys = new ProviderKeyStore(db, clock);
        alice = TestDatabases.createAccount(db);
        bob = TestDatabases.createAccount(db);
    }

    private ProviderKeyRecord key(String account, String provider) {
        clock.advance(Duration.ofSeconds(1));
        ProviderKeyRecord r = new ProviderKeyRecord(UUID.randomUUID().toString(), account, provider, "k", "sk-…k", 1, 1, null,
                Map.of(), List.of(), KeyStatus.ACTIVE, null, clock.instant(), null, "Y2lwaGVydGV4dA==", "d3JhcHBlZA==", 7);
        keys.insert(r);
        return r;
    }

    @Test
    void aConsentIsWrittenOnceAndOutlivesTheKey() {
        ProviderKeyRecord k = key(alice, "openai");
        assertThat(store.recordConsent(alice, DonationStore.ACCOUNT, "v1", "192.0.2.1")).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.recordConsent(alice, DonationStore.ACCOUNT, "v1", "198.51.100.7")).isFalse();
        assertThat(store.recordConsent(alice, k.id(), "v1", "192.0.2.1")).isTrue();
        assertThat(keys.delete(alice, k.id())).isTrue();
        assertThat(store.consents(alice)).extracting(DonationStore.Consent::keyId, DonationStore.Consent::clientAddress)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("", "192.0.2.1"), org.assertj.core.groups.Tuple.tuple(k.id(), "192.0.2.1"));
        assertThat(store.accountConsent(alice, "v1")).isPresent();
        assertThat(store.accountConsent(alice, "v2")).isEmpty();
        assertThat(store.accountConsent(bob, "v1")).isEmpty();
    }

    @Test
    void thePoolReadsDonationsOfKeysThatStillExistWithTheirCaps() {
        ProviderKeyRecord a = key(alice, "openai");
        ProviderKeyRecord b = key(bob, "openai");
        ProviderKeyRecord other = key(bob, "groq");
        store.put(new DonationStore.Donation(a.id(), alice, "openai", DonationStore.State.ON, 10L, null, null));
        store.put(new DonationStore.Donation(b.id(), bob, "openai", DonationStore.State.READY, null, 2_000_000L, null));
        store.put(new DonationStore.Donation(other.id(), bob, "groq", DonationStore.State.ON, null, null, null));
        assertThat(store.forProvider("openai")).extracting(DonationStore.Donation::keyId).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(store.find(a.id()).orElseThrow().maxRequestsPerDay()).isEqualTo(10L);
        assertThat(store.find(a.id()).orElseThrow().maxMicrosPerDay()).isNull();
        assertThat(store.find(b.id()).orElseThrow().maxMicrosPerDay()).isEqualTo(2_000_000L);

        DonatedKeys pool = new DonatedKeys(store, keys, provider -> provider.equals("openai"), clock);
        assertThat(pool.cached("openai")).isNull();
        assertThat(pool.load("openai")).extracting(d -> d.key().id()).containsExactlyInAnyOrder(a.id(), b.id());
        // A provider that is not eligible has no donated keys, whatever its rows say.
        assertThat(pool.load("groq")).isEmpty();

        // Served here counts against the caps at once; a deleted key or a switched-off one leaves the pool on reload.
        for (int i = 0; i < 10; i++) pool.served(a.id(), 1_000);
        assertThat(pool.cached("openai")).filteredOn(d -> d.key().id().equals(a.id())).singleElement()
                .satisfies(d -> assertThat(d.withinCaps()).isFalse());
        assertThat(store.remove(alice, a.id())).isTrue();
        keys.delete(bob, b.id());
        pool.invalidate("openai");
        assertThat(pool.load("openai")).isEmpty();
    }
}
