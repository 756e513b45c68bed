package dev.anyrouter.cli;

import dev.anyrouter.config.InvalidSettingsException;
import dev.anyrouter.config.Settings;
import dev.anyrouter.keys.MasterKeyRotation;
import dev.anyrouter.keys.ProviderKeyStore;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.SettingsStore;
import dev.anyrouter.store.StoreException;
import dev.anyrouter.vault.MasterKey;
import dev.anyrouter.vault.VaultException;
import dev.anyrouter.vault.VaultNodes;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code anyrouter vault rotate}: the master key rotated while the gateways keep serving (see {@link MasterKeyRotation}). */
@Command(name = "vault", mixinStandardHelpOptions = true, description = "Manage the master key that seals stored provider keys.",
        subcommands = {VaultCommand.Rotate.class, VaultCommand.Status.class})
final class VaultCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** What both subcommands work on: the database and the master key, found as {@code serve} finds them. */
    interface Work {
        int run(Database db, MasterKey key) throws InterruptedException;
    }

    /** The flags both subcommands share with {@code serve}: the database's and the key file's. */
    static final class StoreOptions {
        @Mixin
        DatabaseOptions database;

        @Option(names = "--master-key-file", paramLabel = "FILE", description = "Master keyset file (env ANYROUTER_MASTER_KEY_FILE).")
        String masterKeyFile;

        Settings settings() {
            return database.settings(masterKeyFile == null ? Map.of() : Map.of("master-key-file", masterKeyFile));
        }
    }

    /** Opens the database and loads the key file, runs {@code work}, and turns any refusal into one line and exit 2. */
    static int withStore(StoreOptions options, Work work) {
        try {
            Settings settings = options.settings();
            try (Database db = Database.open(settings.databaseUrl())) {
                return work.run(db, MasterKey.load(System.getenv(), settings.dataDir(), settings.masterKeyFile()).key());
            }
        } catch (InvalidSettingsException | StoreException | VaultException | MasterKeyRotation.Stopped e) {
            System.err.println("anyrouter: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("anyrouter: interrupted; run `anyrouter vault rotate` again to continue");
            return 2;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Add a new master key version, re-wrap every stored key under it while the gateways keep serving,"
                    + " and retire the old version. Run it where the gateways' key file is; it waits for each running gateway"
                    + " to load each step. Stopped half-way, it continues when run again."})
    static final class Rotate implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--wait-s", paramLabel = "N", defaultValue = "60",
                description = "How long to wait for the running gateways at each step (default 60).")
        long waitSeconds;

        @Override
        public Integer call() {
            return withStore(store, (db, key) -> {
                var rotation = new MasterKeyRotation(new ProviderKeyStore(db, Clock.systemUTC()), new SettingsStore(db),
                        new VaultNodes(db, Clock.systemUTC()), Clock.systemUTC(), Duration.ofSeconds(waitSeconds),
                        line -> System.out.println("anyrouter: " + line));
                MasterKeyRotation.Result result = rotation.run(key);
                System.out.println("anyrouter: rotation done; master key version " + Integer.toUnsignedString(result.newVersion())
                        + " seals every stored key" + (result.unreadable().isEmpty() ? "" : " that opens"));
                return result.unreadable().isEmpty() ? 0 : 3;
            });
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the master key's versions, how many stored keys each wraps, and what each running gateway holds.")
    static final class Status implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            return withStore(store, (db, key) -> {
                Map<Integer, Integer> rows = new ProviderKeyStore(db, Clock.systemUTC()).countByKeyVersion();
                for (int version : key.versionsInOrder()) {
                    System.out.println("version " + Integer.toUnsignedString(version) + (version == key.primaryVersion() ? " (primary)" : "")
                            + ": wraps " + rows.getOrDefault(version, 0) + " stored keys");
                }
                rows.keySet().stream().filter(v -> !key.versionsInOrder().contains(v)).forEach(v -> System.out.println(
                        "version " + Integer.toUnsignedString(v) + " (not in the key file): wraps " + rows.get(v) + " stored keys"));
                for (VaultNodes.Node node : new VaultNodes(db, Clock.systemUTC()).live()) System.out.println("gateway " + node);
                return 0;
            });
        }
    }
}
