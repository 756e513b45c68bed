package dev.anyrouter.accounts;

import java.time.Instant;
import java.util.Objects;

/**
 * What may be shown about an AnyRouter API key after creation: never the key itself, only its
 * display prefix (e.g. {@code sk-ar-v1-Ab3d…}), and what it may do. {@code lastUsedAt} is null until
 * first use.
 */
public record ApiKeyInfo(String id, String accountId, String name, String prefix, ApiKeyKind kind, Instant createdAt,
                         Instant lastUsedAt) {
    public ApiKeyInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
