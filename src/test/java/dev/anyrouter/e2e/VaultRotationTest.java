package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anyrouter.keys.MasterKeyRotation;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.keys.ProviderKeyStore;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.SettingsStore;
import dev.anyrouter.store.TestDatabases;
import dev.anyrouter.vault.KeyVault;
import dev.anyrouter.vault.MasterKey;
import dev.anyrouter.vault.VaultNodes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code vault rotate} against a serving gateway, on both databases: the rotation runs as another
 * process would (its own database pool and its own copy of the key file) while requests keep
 * arriving and keys keep being edited and added (each edit makes the gateway open the row again).
 * Not one request fails; afterwards every row opens with the key file alone, the file holds only
 * the new version, and a restarted gateway serves.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class VaultRotationTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();
    static final String CHAT = "{\"model\":\"openai/gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Parameter
    Engine engine;

    @TempDir
    Path dataDir;

    Map<String, String> settings;
    String databaseUrl;

    @BeforeEach
    void database() {
        databaseUrl = engine == Engine.POSTGRES ? databases.freshUrl(Engine.POSTGRES) : "jdbc:sqlite:" + dataDir.resolve("anyrouter.db");
        settings = Map.of("database-url", databaseUrl);
    }

    @Test
    void requestsKeepSucceedingDuringARotationAndEveryRowOpensAfterItWithTheOldVersionRetired() throws Exception {
        List<String> canaries = new CopyOnWriteArrayList<>();
        List<String> said = new CopyOnWriteArrayList<>();
        try (LogCapture logs = LogCapture.attach()) {
            try (Stack stack = new Stack(dataDir, settings)) {
                int oldVersion = MasterKey.load(Map.of(), dataDir).key().primaryVersion();
                List<String> apiKeys = new ArrayList<>();
                Map<String, List<String>> keyIds = new ConcurrentHashMap<>();
                for (int a = 0; a < 3; a++) {
                    String apiKey = stack.signup("rotate" + a + "@example.com");
                    apiKeys.add(apiKey);
                    for (int k = 0; k < 2; k++) {
                        String canary = canary();
                        canaries.add(canary);
                        assertThat(stack.addKey(apiKey, canary, "k" + a + k).status()).isEqualTo(201);
                    }
                    List<String> ids = new ArrayList<>();
                    stack.call("GET", "/api/v1/byok", apiKey, null).json().get("data").forEach(k -> ids.add(k.get("id").asText()));
                    keyIds.put(apiKey, ids);
                }
                Load load = new Load(stack, apiKeys, keyIds, canaries);
                load.start();
                Thread.sleep(300); // the load is under way before the rotation starts
                MasterKeyRotation.Result result;
                try (Database other = Database.open(databaseUrl)) {
                    result = rotation(other, Duration.ofSeconds(30), said).run(MasterKey.load(Map.of(), dataDir).key());
                }
                Thread.sleep(300); // and goes on after it
                load.stop();

                assertThat(load.failures).as("failed requests during the rotation").isEmpty();
                assertThat(load.requests.get()).isGreaterThan(20);
                assertThat(load.reopens.get()).as("edits made the gateway open rows again meanwhile").isGreaterThan(3);
                assertThat(result.retired()).containsExactly(oldVersion);
                assertThat(result.newVersion()).isNotEqualTo(oldVersion);
                assertThat(result.rewrapped()).isGreaterThanOrEqualTo(6);
                assertThat(result.unreadable()).isEmpty();
                assertThat(said).anyMatch(l -> l.startsWith("added master key version"))
                        .anyMatch(l -> l.startsWith("retired master key version " + Integer.toUnsignedString(oldVersion)));

                MasterKey after = MasterKey.load(Map.of(), dataDir).key();
                assertThat(after.versionsInOrder()).containsExactly(result.newVersion());
                assertThat(after.primaryVersion()).isEqualTo(result.newVersion());
                assertEveryRowOpens(after, result.newVersion(), 6 + load.added.get());
                assertThat(stack.call("POST", "/api/v1/chat/completions", apiKeys.getFirst(), CHAT).status()).isEqualTo(200);
            }
            // A gateway started now knows only the new version, and every stored key still serves.
            try (Stack restarted = new Stack(dataDir, settings)) {
                String apiKey = restarted.call("POST", "/api/v1/auth/signup", null,
                        "{\"email\":\"after@example.com\",\"password\":\"correct horse battery staple\"}").json().get("api_key").asText();
                assertThat(restarted.addKey(apiKey, canary(), "after").status()).isEqualTo(201);
                assertThat(restarted.call("POST", "/api/v1/chat/completions", apiKey, CHAT).status()).isEqualTo(200);
            }
            for (String canary : canaries) {
                assertThat(SecretScan.inTexts("log", logs.lines(), canary)).isEmpty();
                assertThat(SecretScan.inTexts("rotation output", said, canary)).isEmpty();
            }
            if (engine == Engine.SQLITE) {
                for (String canary : canaries) assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), canary)).isEmpty();
            }
        }
    }

    @Test
    void aGatewayThatDoesNotCatchUpStopsTheRotationSafelyAndRunningAgainContinues() throws Exception {
        List<String> said = new ArrayList<>();
        try (Stack stack = new Stack(dataDir, settings)) {
            String apiKey = stack.signup("behind@example.com");
            assertThat(stack.addKey(apiKey, canary(), "behind").status()).isEqualTo(201);
            int oldVersion = MasterKey.load(Map.of(), dataDir).key().primaryVersion();
            try (Database other = Database.open(databaseUrl)) {
                VaultNodes nodes = new VaultNodes(other, Clock.systemUTC());
                // A gateway elsewhere that reads another copy of the key file: it never learns the new version.
                nodes.report("elsewhere/1", List.of(oldVersion), oldVersion);
                assertThatThrownBy(() -> rotation(other, Duration.ofSeconds(1), said).run(MasterKey.load(Map.of(), dataDir).key()))
                        .isInstanceOf(MasterKeyRotation.Stopped.class)
                        .hasMessageContaining("elsewhere/1").hasMessageContaining("run `anyrouter vault rotate` again");
                MasterKey staged = MasterKey.load(Map.of(), dataDir).key();
                assertThat(staged.versionsInOrder()).hasSize(2);
                assertThat(staged.primaryVersion()).as("nothing seals under the new version yet").isEqualTo(oldVersion);
                assertThat(new ProviderKeyStore(other, Clock.systemUTC()).countByKeyVersion()).containsOnlyKeys(oldVersion);
                assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, CHAT).status()).isEqualTo(200);

                nodes.leave("elsewhere/1");
                MasterKeyRotation.Result result = rotation(other, Duration.ofSeconds(30), said).run(MasterKey.load(Map.of(), dataDir).key());
                assertThat(said).anyMatch(l -> l.startsWith("continuing: master key version"));
                assertThat(result.newVersion()).isEqualTo(staged.versionsInOrder().getLast());
                assertThat(result.retired()).containsExactly(oldVersion);
                assertEveryRowOpens(MasterKey.load(Map.of(), dataDir).key(), result.newVersion(), 1);
            }
            assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, CHAT).status()).isEqualTo(200);
        }
    }

    private MasterKeyRotation rotation(Database db, Duration patience, List<String> said) {
        return new MasterKeyRotation(new ProviderKeyStore(db, Clock.systemUTC()), new SettingsStore(db),
                new VaultNodes(db, Clock.systemUTC()), Clock.systemUTC(), patience, said::add);
    }

    /** Every stored row opens with the key file alone, every one is under {@code version}, and so is the probe. */
    private void assertEveryRowOpens(MasterKey key, int version, int atLeast) {
        try (Database db = Database.open(databaseUrl)) {
            KeyVault vault = KeyVault.fromMasterKey(key);
            ProviderKeyStore store = new ProviderKeyStore(db, Clock.systemUTC());
            List<ProviderKeyRecord> rows = store.page(null, 10_000);
            assertThat(rows).hasSizeGreaterThanOrEqualTo(atLeast);
            for (ProviderKeyRecord row : rows) {
                assertThat(row.keyVersion()).isEqualTo(version);
                assertThat(vault.open(row.sealed(), row.binding()).reveal()).startsWith("sk-mock-rot-");
            }
            String probe = new SettingsStore(db).get("vault.probe").orElseThrow();
            assertThat(vault.readProbe(probe)).isEqualTo(KeyVault.ProbeResult.CURRENT);
            assertThat(KeyVault.probeKeyVersion(probe)).hasValue(version);
        }
    }

    private static String canary() {
        return "sk-mock-rot-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /** Chat requests from four threads, and a fifth that edits and adds keys, until stopped; every non-200 is kept. */
    static final class Load {
        final Stack stack;
        final List<String> apiKeys;
        final Map<String, List<String>> keyIds;
        final List<String> canaries;
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger reopens = new AtomicInteger();
        final AtomicInteger added = new AtomicInteger();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new ArrayList<>();

        Load(Stack stack, List<String> apiKeys, Map<String, List<String>> keyIds, List<String> canaries) {
            this.stack = stack;
            this.apiKeys = apiKeys;
            this.keyIds = keyIds;
            this.canaries = canaries;
        }

        void start() {
            for (int t = 0; t < 4; t++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    while (running.get()) {
                        String apiKey = apiKeys.get(ThreadLocalRandom.current().nextInt(apiKeys.size()));
                        record(stack, "chat", () -> stack.call("POST", "/api/v1/chat/completions", apiKey, CHAT), 200);
                        requests.incrementAndGet();
                    }
                }));
            }
            threads.add(Thread.ofVirtual().start(() -> {
                int n = 0;
                while (running.get()) {
                    int edit = n++;
                    String apiKey = apiKeys.get(ThreadLocalRandom.current().nextInt(apiKeys.size()));
                    List<String> ids = keyIds.get(apiKey);
                    String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                    if (record(stack, "edit", () -> stack.call("PATCH", "/api/v1/byok/" + id, apiKey, "{\"alias\":\"edit" + edit + "\"}"), 200)) {
                        reopens.incrementAndGet();
                    }
                    if (edit % 5 == 0) {
                        String canary = canary();
                        canaries.add(canary);
                        if (record(stack, "add", () -> stack.addKey(apiKey, canary, "added" + edit), 201)) added.incrementAndGet();
                    }
                    record(stack, "chat after edit", () -> stack.call("POST", "/api/v1/chat/completions", apiKey, CHAT), 200);
                    requests.incrementAndGet();
                }
            }));
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) t.join();
        }

        interface Call {
            Stack.Reply run() throws Exception;
        }

        private boolean record(Stack stack, String what, Call call, int expected) {
            try {
                Stack.Reply reply = call.run();
                if (reply.status() == expected) return true;
                failures.add(what + ": " + reply.status() + " " + reply.body());
            } catch (Exception e) {
                failures.add(what + ": " + e);
            }
            return false;
        }
    }
}
