package dev.anyrouter.keys;

import dev.anyrouter.store.SettingsStore;
import dev.anyrouter.vault.KeyVault;
import dev.anyrouter.vault.MasterKey;
import dev.anyrouter.vault.SealedCredential;
import dev.anyrouter.vault.VaultException;
import dev.anyrouter.vault.VaultNodes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code anyrouter vault rotate}: a new master-key version, every stored row re-wrapped under it
 * while the gateways keep serving, and the old version retired once no row uses it. It runs in its
 * own process, against the same database and keyset file as the gateways, in steps that each wait
 * until every running gateway (as {@link VaultNodes} reports them) has caught up:
 *
 * <ol>
 *   <li>the new version is added to the file but not used: every gateway loads it and can unwrap it;
 *   <li>it is made primary: every gateway now seals new keys under it;
 *   <li>every row under another version is re-wrapped (its data key wrapped anew; the credential's
 *       own ciphertext is untouched), each by a compare-and-swap, so a concurrent edit just means the
 *       row is read again; the vault probe is sealed anew too;
 *   <li>every other version that no row and no probe uses is removed from the file.
 * </ol>
 *
 * <p>No request fails meanwhile: a gateway can unwrap a version before any row is wrapped under it,
 * and it keeps every version it ever loaded until it restarts, so nothing it read before the
 * retirement stops opening. Each step is read back from the file and the database, so a rotation
 * that stopped (a gateway that never caught up, a crash) continues where it was when run again.
 */
public final class MasterKeyRotation {
    private static final int BATCH = 100;
    private static final String VAULT_PROBE = "vault.probe";

    private final ProviderKeyStore keys;
    private final SettingsStore settings;
    private final VaultNodes nodes;
    private final Clock clock;
    private final Duration patience;
    private final Consumer<String> say;

    /**
     * A rotation over these stores that waits at most {@code patience} for the gateways at each
     * step, telling its progress to {@code say}, one line at a time.
     */
    public MasterKeyRotation(ProviderKeyStore keys, SettingsStore settings, VaultNodes nodes, Clock clock, Duration patience,
                             Consumer<String> say) {
        this.keys = Objects.requireNonNull(keys);
        this.settings = Objects.requireNonNull(settings);
        this.nodes = Objects.requireNonNull(nodes);
        this.clock = Objects.requireNonNull(clock);
        this.patience = Objects.requireNonNull(patience);
        this.say = Objects.requireNonNull(say);
    }

    /** What a finished rotation did. */
    public record Result(int newVersion, int rewrapped, List<Integer> retired, List<String> unreadable) {}

    /**
     * The rotation stopped before its end, saying why and what to do: a gateway did not catch up in
     * time, or the database is not ready for one. Nothing unsafe was done; running again continues.
     */
    public static final class Stopped extends RuntimeException {
        Stopped(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Runs (or continues) a rotation of {@code key}, which must come from the keyset file.
     *
     * @throws Stopped when a running gateway did not load a step in time, or the probe says another key or an older database
     * @throws VaultException when the key cannot be rotated (it comes from the environment)
     */
    public Result run(MasterKey key) throws InterruptedException {
        KeyVault vault = KeyVault.fromMasterKey(key);
        String probe = settings.get(VAULT_PROBE).orElse(null);
        if (probe != null && vault.readProbe(probe) != KeyVault.ProbeResult.CURRENT) {
            throw new Stopped(vault.readProbe(probe) == KeyVault.ProbeResult.OTHER_KEY
                    ? "this master key did not seal this database: rotate with the key file the gateway uses"
                    : "this database's keys predate destination binding: start the gateway once (it re-seals them), then rotate");
        }
        List<Integer> order = key.versionsInOrder();
        int newest = order.getLast();
        if (newest == key.primaryVersion() && order.size() == 1) {
            key = key.stageNewVersion();
            newest = key.versionsInOrder().getLast();
            say.accept("added master key version " + u(newest) + " (not used yet) to " + key.file().orElseThrow());
        } else if (newest != key.primaryVersion()) {
            say.accept("continuing: master key version " + u(newest) + " is already added");
        } else {
            say.accept("continuing: master key version " + u(newest) + " is already primary");
        }
        vault.adopt(key);
        int target = newest;
        awaitGateways(n -> n.holds(target), "load master key version " + u(target));
        if (key.primaryVersion() != target) {
            key = key.promote(target);
            vault.adopt(key);
            say.accept("version " + u(target) + " now seals new keys");
        }
        awaitGateways(n -> n.primaryVersion() == target, "seal with master key version " + u(target));

        Rewrap rewrap = rewrapAll(vault, target);
        say.accept("re-wrapped " + rewrap.done + " stored keys under version " + u(target)
                + (rewrap.unreadable.isEmpty() ? "" : "; " + rewrap.unreadable.size() + " do not open and were left as they were"));
        String current = settings.get(VAULT_PROBE).orElse(null);
        if (current == null || KeyVault.probeKeyVersion(current).orElse(target) != target) settings.put(VAULT_PROBE, vault.probe());

        List<Integer> retired = new ArrayList<>();
        Map<Integer, Integer> inUse = keys.countByKeyVersion();
        for (int version : key.versionsInOrder()) {
            if (version == target) continue;
            int rows = inUse.getOrDefault(version, 0);
            if (rows > 0) {
                say.accept("version " + u(version) + " still wraps " + rows + " stored keys that do not open; it is kept");
                continue;
            }
            key = key.retire(version);
            retired.add(version);
            say.accept("retired master key version " + u(version));
        }
        return new Result(target, rewrap.done, List.copyOf(retired), List.copyOf(rewrap.unreadable));
    }

    private record Rewrap(int done, List<String> unreadable) {}

    /** Re-wraps every row not under {@code target}, in id order, until a pass finds none left to move. */
    private Rewrap rewrapAll(KeyVault vault, int target) {
        int done = 0;
        List<String> unreadable = new ArrayList<>();
        boolean again = true;
        while (again) {
            again = false;
            String after = null;
            for (List<ProviderKeyRecord> page = keys.sealedUnderOtherVersion(target, null, BATCH); !page.isEmpty();
                 page = keys.sealedUnderOtherVersion(target, after, BATCH)) {
                for (ProviderKeyRecord row : page) {
                    if (unreadable.contains(row.id())) continue;
                    SealedCredential moved;
                    try {
                        moved = vault.rewrap(row.sealed(), row.binding());
                    } catch (VaultException e) {
                        unreadable.add(row.id());
                        say.accept("stored key " + row.id() + " (provider " + row.provider() + ") does not open; left as it is");
                        continue;
                    }
                    if (keys.reseal(row, moved.ciphertext(), moved.wrappedKey(), moved.keyVersion())) {
                        done++;
                    } else {
                        again = true; // changed meanwhile (its owner edited it): the next pass reads it again
                    }
                }
                after = page.getLast().id();
            }
        }
        return new Rewrap(done, unreadable);
    }

    private void awaitGateways(Predicate<VaultNodes.Node> caughtUp, String what) throws InterruptedException {
        long deadline = clock.millis() + patience.toMillis();
        while (true) {
            List<VaultNodes.Node> behind = nodes.live().stream().filter(caughtUp.negate()).toList();
            if (behind.isEmpty()) return;
            if (clock.millis() >= deadline) {
                throw new Stopped("these gateways did not " + what + " within " + patience.toSeconds() + " s: " + behind
                        + ". Is each reading the same key file (ANYROUTER_MASTER_KEY_FILE)? Nothing unsafe was done;"
                        + " run `anyrouter vault rotate` again to continue");
            }
            Thread.sleep(200);
        }
    }

    private static String u(int version) {
        return Integer.toUnsignedString(version);
    }
}
