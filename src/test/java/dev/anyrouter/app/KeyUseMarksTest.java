package dev.anyrouter.app;

import dev.anyrouter.accounts.ApiKeyStore;
import dev.anyrouter.accounts.NewApiKey;
import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.keys.ProviderKeyStore;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.MutableClock;
import dev.anyrouter.store.TestDatabases;
import dev.anyrouter.usage.UsageRecord;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class KeyUseMarksTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    ProviderKeyStore providerKeys;
    ApiKeyStore apiKeys;
    KeyUseMarks marks;
    String account;
    String providerKeyId;
    NewApiKey apiKey;

    @BeforeEach
    void open() {
        Database db = DATABASES.open(Engine.SQLITE);
        MutableClock clock = new MutableClock(T0);
        providerKeys = new ProviderKeyStore(db, clock);
        apiKeys = new ApiKeyStore(db, new SecureRandom(), clock);
        account = TestDatabases.createAccount(db);
        providerKeyId = UUID.randomUUID().toString();
        providerKeys.insert(new ProviderKeyRecord(providerKeyId, account, "openai", "main", "sk-…abcd", 1, 1, null, Map.of(),
                List.of(), KeyStatus.ACTIVE, null, T0, null, "c", "w", 1));
        apiKey = apiKeys.create(account, "ci", dev.anyrouter.accounts.ApiKeyKind.INFERENCE);
        marks = new KeyUseMarks(providerKeys, apiKeys);
    }

    private UsageRecord used(Instant at, int status) {
        return new UsageRecord(UUID.randomUUID().toString(), at, account, apiKey.info().id(), "openai/gpt-4.1-mini", "openai",
                providerKeyId, "main", status, null, false, 1, 1, 0, 5, null, null, null);
    }

    private Instant providerKeyLastUsed() {
        return providerKeys.find(account, providerKeyId).orElseThrow().lastUsedAt();
    }

    private Instant apiKeyLastUsed() {
        return apiKeys.authenticate(apiKey.plaintext()).orElseThrow().lastUsedAt();
    }

    @Test
    void marksTheLatestUseInTheBatchWhateverItsOrder() {
        marks.afterWrite(List.of(used(T0.plusMillis(300), 200), used(T0.plusMillis(900), 200), used(T0.plusMillis(100), 200)));
        assertThat(providerKeyLastUsed()).isEqualTo(T0.plusMillis(900));
        assertThat(apiKeyLastUsed()).isEqualTo(T0.plusMillis(900));
    }

    @Test
    void aProviderKeyThatDidNotServeIsNotMarkedButTheApiKeyThatAskedIs() {
        marks.afterWrite(List.of(used(T0, 429)));
        assertThat(providerKeyLastUsed()).isNull();
        assertThat(apiKeyLastUsed()).isEqualTo(T0);
    }

    @Test
    void writesAKeyAtMostOnceASecond() {
        marks.afterWrite(List.of(used(T0, 200)));
        marks.afterWrite(List.of(used(T0.plusMillis(400), 200)));
        marks.afterWrite(List.of(used(T0.plusMillis(999), 200)));
        assertThat(providerKeyLastUsed()).isEqualTo(T0);
        assertThat(apiKeyLastUsed()).isEqualTo(T0);
        marks.afterWrite(List.of(used(T0.plusMillis(1_000), 200)));
        assertThat(providerKeyLastUsed()).isEqualTo(T0.plusMillis(1_000));
        assertThat(apiKeyLastUsed()).isEqualTo(T0.plusMillis(1_000));
    }
}
