package dev.anyrouter.routing;

import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.ProviderKeyRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Provider key records for routing tests; the sealed fields are placeholders, never opened. */
final class PoolKeys {
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private PoolKeys() {}

    static ProviderKeyRecord key(String alias, int priority, int weight, int ageRank) {
        return new ProviderKeyRecord("id-" + alias, "acct", "openai", alias, "sk-…" + alias, priority, weight, null, Map.of(),
                List.of(), KeyStatus.ACTIVE, null, T0.plusSeconds(ageRank), null, "c", "w", 1);
    }

    static ProviderKeyRecord withStatus(ProviderKeyRecord k, KeyStatus status, String reason) {
        return new ProviderKeyRecord(k.id(), k.accountId(), k.provider(), k.alias(), k.masked(), k.priority(), k.weight(),
                k.baseUrl(), k.headers(), k.scope(), status, reason, k.createdAt(), k.lastUsedAt(), k.ciphertext(), k.wrappedKey(),
                k.keyVersion());
    }

    /** {@code n} keys a0..a(n-1), equal priority and weight 1, oldest first. */
    static List<ProviderKeyRecord> pool(int n) {
        List<ProviderKeyRecord> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) keys.add(key("a" + i, 1, 1, i));
        return keys;
    }
}
