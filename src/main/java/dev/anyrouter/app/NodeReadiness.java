package dev.anyrouter.app;

import dev.anyrouter.cluster.ChangeFeed;
import dev.anyrouter.http.Readiness;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.SettingsStore;
import dev.anyrouter.vault.KeyVault;
import java.util.Optional;

/**
 * What this node needs to serve, checked for {@code GET /ready}: the database answers and its
 * schema is still the one this node migrated to or knows (a newer node may have moved it on), the
 * vault opens the database's probe with the master key this node holds, and the node hears the
 * other nodes' changes (else it would serve revoked keys). The first failing one is the reason.
 */
final class NodeReadiness implements Readiness.Check {
    private static final int QUERY_TIMEOUT_SECONDS = 2;

    private final Database database;
    private final KeyVault vault;
    private final String vaultProbe;
    private final ChangeFeed changes;

    /** @param vaultProbe the setting the vault's probe is stored under */
    NodeReadiness(Database database, KeyVault vault, String vaultProbe, ChangeFeed changes) {
        this.database = database;
        this.vault = vault;
        this.vaultProbe = vaultProbe;
        this.changes = changes;
    }

    @Override
    public Optional<String> unready() {
        Optional<String> store = database.unready(QUERY_TIMEOUT_SECONDS);
        if (store.isPresent()) return store;
        Optional<String> probe = new SettingsStore(database).get(vaultProbe);
        if (probe.isEmpty() || !vault.opensProbe(probe.get())) {
            return Optional.of("the vault does not open this database's keys with this node's master key");
        }
        if (!changes.listening()) return Optional.of("not hearing other nodes' changes (the database's LISTEN connection is down)");
        return Optional.empty();
    }
}
