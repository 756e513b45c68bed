package dev.anyrouter.keys;

import dev.anyrouter.vault.KeyVault;
import dev.anyrouter.vault.SealedCredential;
import dev.anyrouter.vault.VaultException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-time upgrade of keys sealed before their destination (base URL, headers) was bound into
 * the vault's associated data: each such row is opened as it was sealed and sealed again with its
 * destination bound, in place (a compare-and-swap on the sealed columns), so nothing a user stored
 * is lost. Runs at start-up, before serving, only while the database's vault probe says the rows
 * predate the binding; afterwards a row whose destination was edited in the database no longer opens.
 */
public final class DestinationUpgrade {
    private static final Logger LOG = LoggerFactory.getLogger(DestinationUpgrade.class);
    private static final int PAGE = 200;

    /** How many rows were re-sealed, were already bound (another node upgraded them), or open in neither way. */
    public record Result(int resealed, int alreadyBound, int unreadable) {}

    private DestinationUpgrade() {}

    /** Re-seals every row of {@code store} that is not yet bound; blocking. */
    public static Result run(ProviderKeyStore store, KeyVault vault) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(vault, "vault");
        int resealed = 0;
        int bound = 0;
        int unreadable = 0;
        String after = null;
        for (List<ProviderKeyRecord> page = store.page(null, PAGE); !page.isEmpty(); page = store.page(after, PAGE)) {
            for (ProviderKeyRecord row : page) {
                switch (upgrade(store, vault, row)) {
                    case RESEALED -> resealed++;
                    case BOUND -> bound++;
                    case UNREADABLE -> unreadable++;
                }
            }
            after = page.getLast().id();
        }
        return new Result(resealed, bound, unreadable);
    }

    private enum Outcome { RESEALED, BOUND, UNREADABLE }

    private static Outcome upgrade(ProviderKeyStore store, KeyVault vault, ProviderKeyRecord row) {
        if (opens(vault, row)) return Outcome.BOUND;
        SealedCredential sealed;
        try {
            sealed = vault.bindDestination(row.sealed(), row.binding());
        } catch (VaultException e) {
            // It did not open before the upgrade either: left as it is, for its owner to replace.
            LOG.warn("provider key {} (provider {}) does not open and was left as it is: {}", row.id(), row.provider(), e.getMessage());
            return Outcome.UNREADABLE;
        }
        if (store.reseal(row, sealed.ciphertext(), sealed.wrappedKey(), sealed.keyVersion())) return Outcome.RESEALED;
        // Changed meanwhile (another node's upgrade, or its owner): read it again.
        return store.find(row.accountId(), row.id()).map(now -> opens(vault, now) ? Outcome.BOUND : upgrade(store, vault, now))
                .orElse(Outcome.BOUND);
    }

    private static boolean opens(KeyVault vault, ProviderKeyRecord row) {
        try {
            vault.open(row.sealed(), row.binding());
            return true;
        } catch (VaultException e) {
            return false;
        }
    }
}
