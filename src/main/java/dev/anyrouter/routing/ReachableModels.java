package dev.anyrouter.routing;

import dev.anyrouter.store.Caches;
import com.github.benmanes.caffeine.cache.Cache;
import dev.anyrouter.keys.KeyModelStore;
import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.keys.ProviderKeyStore;
import dev.anyrouter.providers.ModelCatalog;
import dev.anyrouter.providers.ModelEntry;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.ProviderCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catalog models each account's active keys reach, as the {@code anyrouter/*} routes choose
 * from: a key's stored {@code /models} list joined with the catalog (a key with no stored list
 * reaches its provider's catalog models, as {@code GET /api/v1/models} shows). Cached per account,
 * so a request reads no database in the common case; any change to the account's keys drops the
 * entry (through {@link dev.anyrouter.keys.KeyDirectory}'s invalidation), and entries expire so other nodes' changes
 * are seen too.
 */
public final class ReachableModels {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final long MAX_CACHED = 10_000;

    private final ProviderKeyStore keys;
    private final KeyModelStore keyModels;
    private final ProviderCatalog providers;
    private final ModelCatalog catalog;
    private final Cache<String, List<ReachableModel>> byAccount;

    public ReachableModels(ProviderKeyStore keys, KeyModelStore keyModels, ProviderCatalog providers, ModelCatalog catalog,
                           Clock clock) {
        this.keys = keys;
        this.keyModels = keyModels;
        this.providers = providers;
        this.catalog = catalog;
        this.byAccount = Caches.expiring(TTL, MAX_CACHED, clock);
    }

    /** The account's reachable models if cached and fresh, else null. */
    public List<ReachableModel> cached(String accountId) {
        return byAccount.getIfPresent(accountId);
    }

    /** Reads the account's keys and their lists from the store; blocking. */
    public List<ReachableModel> load(String accountId) {
        List<ProviderKeyRecord> active = keys.list(accountId).stream().filter(k -> k.status() == KeyStatus.ACTIVE).toList();
        List<ReachableModel> reachable = join(active, keyModels.listsByKey(accountId));
        byAccount.put(accountId, reachable);
        return reachable;
    }

    /** Forgets the account's entry, after any change to its keys. */
    public void invalidate(String accountId) {
        byAccount.invalidate(accountId);
    }

    /** Forgets every account's entry. */
    public void invalidateAll() {
        byAccount.invalidateAll();
    }

    /** Each catalog model the keys reach, once, with every key that reaches it. */
    List<ReachableModel> join(List<ProviderKeyRecord> activeKeys, Map<String, List<String>> listsByKey) {
        Map<String, ModelRef> refs = new LinkedHashMap<>();
        Map<String, ModelEntry> entries = new LinkedHashMap<>();
        Map<String, Set<String>> keyIds = new LinkedHashMap<>();
        for (ProviderKeyRecord key : activeKeys) {
            Provider provider = providers.find(key.provider()).orElse(null);
            if (provider == null) continue;
            List<String> listed = listsByKey.getOrDefault(key.id(), List.of());
            List<Reach> reached = new ArrayList<>();
            if (listed.isEmpty()) {
                catalog.byProvider(provider.id()).forEach(e -> reached.add(new Reach(e, e.model())));
            } else {
                for (String id : listed) catalog.find(provider.id(), id).ifPresent(e -> reached.add(new Reach(e, id)));
            }
            for (Reach r : reached) {
                refs.putIfAbsent(r.entry().id(), new ModelRef(provider, r.upstreamId()));
                entries.putIfAbsent(r.entry().id(), r.entry());
                keyIds.computeIfAbsent(r.entry().id(), k -> new HashSet<>()).add(key.id());
            }
        }
        List<ReachableModel> out = new ArrayList<>(refs.size());
        refs.forEach((id, ref) -> out.add(new ReachableModel(entries.get(id), ref, keyIds.get(id))));
        return List.copyOf(out);
    }

    private record Reach(ModelEntry entry, String upstreamId) {}
}
