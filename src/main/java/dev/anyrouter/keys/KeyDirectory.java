package dev.anyrouter.keys;

import com.github.benmanes.caffeine.cache.Cache;
import dev.anyrouter.store.Caches;
import dev.anyrouter.vault.KeyVault;
import dev.anyrouter.vault.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The request path's view of stored provider keys: each account's keys per provider (every
 * status, so a pool whose keys are all quarantined can say so) and their opened credentials,
 * cached so that a request does no database or vault work in the common case. Any change to an
 * account's keys drops that account's entries.
 */
public final class KeyDirectory {
    private record PoolKey(String accountId, String provider) {}

    /**
     * An opened credential and what it was opened for: a row whose destination or sealed bytes are
     * no longer what they were (edited in the database) must be opened again, which then fails,
     * rather than have its old plaintext sent to the new destination.
     */
    private record Opened(Secret secret, String baseUrl, Map<String, String> headers, String ciphertext, String wrappedKey) {
        static Opened of(Secret secret, ProviderKeyRecord key) {
            return new Opened(secret, key.baseUrl(), key.headers(), key.ciphertext(), key.wrappedKey());
        }

        boolean isFor(ProviderKeyRecord key) {
            return java.util.Objects.equals(baseUrl, key.baseUrl()) && ciphertext.equals(key.ciphertext())
                    && wrappedKey.equals(key.wrappedKey()) && headers.equals(key.headers());
        }
    }

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final long MAX_POOLS = 50_000;
    private static final long MAX_OPENED = 100_000;

    private final ProviderKeyStore store;
    private final KeyVault vault;
    private final Clock clock;
    private final Cache<PoolKey, List<ProviderKeyRecord>> pools;
    private final Cache<String, Opened> opened = Caches.bounded(MAX_OPENED);
    private final List<java.util.function.Consumer<String>> followers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public KeyDirectory(ProviderKeyStore store, KeyVault vault, Clock clock) {
        this.store = store;
        this.vault = vault;
        this.clock = clock;
        this.pools = Caches.expiring(TTL, MAX_POOLS, clock);
    }

    /** Cached keys of the account for the provider, every status, in pool order; null when none are fresh. */
    public List<ProviderKeyRecord> cachedPool(String accountId, String provider) {
        return pools.getIfPresent(new PoolKey(accountId, provider));
    }

    /** Loads the account's keys for the provider from the store, every status; blocking. */
    public List<ProviderKeyRecord> loadPool(String accountId, String provider) {
        List<ProviderKeyRecord> keys = List.copyOf(store.forProvider(accountId, provider));
        pools.put(new PoolKey(accountId, provider), keys);
        return keys;
    }

    /** Cached active keys of the account for the provider, or null when the cache has none fresh. */
    public List<ProviderKeyRecord> cachedActive(String accountId, String provider) {
        List<ProviderKeyRecord> keys = cachedPool(accountId, provider);
        return keys == null ? null : active(keys);
    }

    /** Loads the active keys from the store; blocking. */
    public List<ProviderKeyRecord> loadActive(String accountId, String provider) {
        return active(loadPool(accountId, provider));
    }

    /** The opened credential if already cached for the row as it is now, else null. */
    public Secret cachedSecret(ProviderKeyRecord key) {
        Opened hit = opened.getIfPresent(key.id());
        return hit != null && hit.isFor(key) ? hit.secret() : null;
    }

    /**
     * Opens the key's credential through the vault; CPU work, cached afterwards.
     *
     * @throws dev.anyrouter.vault.VaultException when the row does not open (e.g. its destination was edited in the database)
     */
    public Secret open(ProviderKeyRecord key) {
        Opened hit = opened.getIfPresent(key.id());
        if (hit != null && hit.isFor(key)) return hit.secret();
        if (hit != null) opened.asMap().remove(key.id(), hit);
        Secret secret = vault.open(key.sealed(), key.binding());
        opened.put(key.id(), Opened.of(secret, key));
        return secret;
    }

    /** Drops everything cached for the account, after any change to its keys. */
    public void invalidate(String accountId, String keyId) {
        pools.asMap().keySet().removeIf(k -> k.accountId().equals(accountId));
        opened.invalidate(keyId);
        followers.forEach(f -> f.accept(accountId));
    }

    /**
     * Drops the account's pools, whichever key changed (opened credentials are reached only through
     * a pool's records, so they stay until their key changes).
     */
    public void invalidateAccount(String accountId) {
        pools.asMap().keySet().removeIf(k -> k.accountId().equals(accountId));
        followers.forEach(f -> f.accept(accountId));
    }

    /** Drops everything cached, for every account (this node may have missed changes). */
    public void invalidateAll() {
        pools.invalidateAll();
        opened.invalidateAll();
    }

    /** Also tells {@code follower} the account id whenever the account's keys change (other caches built on them). */
    public void onInvalidate(java.util.function.Consumer<String> follower) {
        followers.add(follower);
    }

    private static List<ProviderKeyRecord> active(List<ProviderKeyRecord> keys) {
        return keys.stream().filter(k -> k.status() == KeyStatus.ACTIVE).toList();
    }
}
