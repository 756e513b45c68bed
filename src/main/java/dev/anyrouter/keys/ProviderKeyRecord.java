package dev.anyrouter.keys;

import dev.anyrouter.vault.CredentialBinding;
import dev.anyrouter.vault.SealedCredential;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stored BYOK provider key. The credential is sealed by the vault: {@code ciphertext},
 * {@code wrappedKey} and {@code keyVersion} are opaque base64/ints bound to this row's identity;
 * only {@code masked} may be shown. {@link #toString()} leaves the sealed fields out.
 *
 * @param scope the AnyRouter API key ids allowed to use this key; empty means all of them
 * @param baseUrl an override of the provider's default endpoint, or null
 * @param statusReason why the key is not active (e.g. the provider's 401), or null
 * @param lastUsedAt null until first use
 */
public record ProviderKeyRecord(String id, String accountId, String provider, String alias, String masked, int priority,
        int weight, String baseUrl, Map<String, String> headers, List<String> scope, KeyStatus status, String statusReason,
        Instant createdAt, Instant lastUsedAt, String ciphertext, String wrappedKey, int keyVersion) {

    public ProviderKeyRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(masked, "masked");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        scope = scope == null ? List.of() : List.copyOf(scope);
    }

    /** The row's identity and destination, as the vault binds them into its ciphertext. */
    public CredentialBinding binding() {
        return new CredentialBinding(accountId, id, provider, baseUrl, headers);
    }

    /** The credential as sealed in this row. */
    public SealedCredential sealed() {
        return new SealedCredential(ciphertext, wrappedKey, keyVersion);
    }

    /** True when the AnyRouter API key {@code apiKeyId} may use this key. */
    public boolean allows(String apiKeyId) {
        return scope.isEmpty() || scope.contains(apiKeyId);
    }

    @Override
    public String toString() {
        // Header values may carry credentials of their own (e.g. an org token): names only.
        return "ProviderKeyRecord[id=" + id + ", accountId=" + accountId + ", provider=" + provider + ", alias=" + alias
                + ", masked=" + masked + ", priority=" + priority + ", weight=" + weight + ", baseUrl=" + baseUrl
                + ", headers=" + headers.keySet() + ", scope=" + scope + ", status=" + status + ", statusReason=" + statusReason
                + ", createdAt=" + createdAt + ", lastUsedAt=" + lastUsedAt + ", keyVersion=" + keyVersion + "]";
    }
}
