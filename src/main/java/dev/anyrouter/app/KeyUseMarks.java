package dev.anyrouter.app;

import com.github.benmanes.caffeine.cache.Cache;
import dev.anyrouter.accounts.ApiKeyStore;
import dev.anyrouter.store.Caches;
import dev.anyrouter.keys.ProviderKeyStore;
import dev.anyrouter.usage.UsageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves provider keys' and API keys' "last used" times forward after each written batch of
 * usage records, at most once a {@link #GRAIN} per key. Batches are small and frequent (the
 * usage writer writes them when a core is free), and an update transaction per key per batch
 * cost more than the batch; to the second is as precise as anyone reads a last-used time.
 */
final class KeyUseMarks {
    static final Duration GRAIN = Duration.ofSeconds(1);

    private final ProviderKeyStore providerKeys;
    private final ApiKeyStore apiKeys;
    /** The last time written per key id (provider and API key ids are distinct UUIDs). */
    private final Cache<String, Instant> written = Caches.bounded(100_000);

    KeyUseMarks(ProviderKeyStore providerKeys, ApiKeyStore apiKeys) {
        this.providerKeys = providerKeys;
        this.apiKeys = apiKeys;
    }

    /** Marks the keys the batch used: provider keys that served (2xx), and every API key that asked. */
    void afterWrite(List<UsageRecord> batch) {
        Map<String, Instant> providerUse = new HashMap<>();
        Map<String, Instant> apiKeyUse = new HashMap<>();
        for (UsageRecord r : batch) {
            if (r.keyId() != null && r.status() / 100 == 2) providerUse.merge(r.keyId(), r.at(), KeyUseMarks::later);
            if (r.apiKeyId() != null) apiKeyUse.merge(r.apiKeyId(), r.at(), KeyUseMarks::later);
        }
        providerUse.forEach((id, at) -> {
            if (due(id, at)) providerKeys.touchLastUsed(id, at);
        });
        apiKeyUse.forEach((id, at) -> {
            if (due(id, at)) apiKeys.touchLastUsed(id, at);
        });
    }

    private boolean due(String id, Instant at) {
        Instant last = written.getIfPresent(id);
        if (last != null && at.isBefore(last.plus(GRAIN))) return false;
        written.put(id, at);
        return true;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
