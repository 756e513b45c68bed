package dev.anyrouter.app;

import dev.anyrouter.cluster.Change;
import dev.anyrouter.cluster.ChangeFeed;
import dev.anyrouter.http.Authenticator;
import dev.anyrouter.keys.DonatedKeys;
import dev.anyrouter.keys.KeyDirectory;
import dev.anyrouter.routing.PoolHeadroom;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.routing.KeyPools;
import dev.anyrouter.routing.Presets;
import dev.anyrouter.routing.ReachableModels;

/**
 * What each {@link Change} means to this node's memory, in one place: which cache drops what, and
 * which health another node learned. A change this node made arrives here too (before its
 * publisher returns), so a node follows its own changes and the cluster's through the same code.
 * Health this node learned itself is already in {@link KeyHealth}; only another node's is applied.
 */
final class ChangeFollowers implements ChangeFeed.Listener {
    private final Authenticator auth;
    private final KeyDirectory directory;
    private final ReachableModels reachable;
    private final KeyHealth health;
    private final KeyPools pools;
    private final Presets presets;
    private final DonatedKeys donated;
    private final PoolHeadroom poolHeadroom;

    ChangeFollowers(Authenticator auth, KeyDirectory directory, ReachableModels reachable, KeyHealth health, KeyPools pools,
                    Presets presets, DonatedKeys donated, PoolHeadroom poolHeadroom) {
        this.donated = donated;
        this.poolHeadroom = poolHeadroom;
        this.auth = auth;
        this.directory = directory;
        this.reachable = reachable;
        this.health = health;
        this.pools = pools;
        this.presets = presets;
    }

    @Override
    public void changed(Change change, boolean fromAnotherNode) {
        switch (change) {
            // Nothing is cached of a key that was unknown (no negative cache), so a new key works
            // everywhere at once; the change is published for followers that count keys.
            case Change.ApiKeyCreated created -> { }
            case Change.ApiKeyRevoked revoked -> auth.forget(revoked.keyId());
            case Change.ProviderKeyChanged key -> {
                directory.invalidate(key.accountId(), key.keyId());
                // A donated key's row changed (status, destination, deleted): the pool reads it again.
                donated.invalidateAll();
                if (key.what().resetsHealth()) {
                    health.restore(key.keyId());
                    poolHeadroom.restore(key.keyId());
                }
            }
            case Change.PoolChanged pool -> pools.forget(pool.accountId(), pool.provider());
            case Change.DonationChanged donation -> donated.invalidate(donation.provider());
            case Change.PresetChanged preset -> presets.forget(preset.accountId(), preset.name());
            case Change.AccountDisabled disabled -> {
                auth.forgetAccount(disabled.accountId());
                donated.invalidateAll();
                directory.invalidateAccount(disabled.accountId());
                pools.forgetAccount(disabled.accountId());
                presets.forgetAccount(disabled.accountId());
            }
            case Change.HealthChange learned -> {
                if (fromAnotherNode) health.apply(learned);
                // Any node's 429 on a key keeps the pool off it for longer than its owner (PoolHeadroom).
                if (learned instanceof Change.KeyCooledDown cooled) poolHeadroom.cooledDown(cooled.keyId(), cooled.untilEpochMilli());
            }
            case Change.CachesStale stale -> {
                auth.forgetAll();
                directory.invalidateAll();
                reachable.invalidateAll();
                pools.forgetAll();
                presets.forgetAll();
                donated.invalidateAll();
            }
        }
    }
}
