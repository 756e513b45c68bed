package dev.anyrouter.bench;

import dev.anyrouter.accounts.AccountStore;
import dev.anyrouter.accounts.EmailVerifications;
import dev.anyrouter.accounts.ApiKeyStore;
import dev.anyrouter.accounts.PasswordHasher;
import dev.anyrouter.accounts.SignupResult;
import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.SignupGrants;
import dev.anyrouter.keys.KeyDirectory;
import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.keys.ProviderKeyStore;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.routing.KeyPools;
import dev.anyrouter.routing.ModelResolver;
import dev.anyrouter.routing.PoolConfigStore;
import dev.anyrouter.routing.RoutePlanner;
import dev.anyrouter.routing.RouteTarget;
import dev.anyrouter.store.Database;
import dev.anyrouter.vault.CredentialBinding;
import dev.anyrouter.vault.KeyVault;
import dev.anyrouter.vault.MasterKey;
import dev.anyrouter.vault.SealedCredential;
import dev.anyrouter.vault.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One account with one sealed OpenAI key in a throwaway SQLite database, and the request path's
 * caches warmed as after the account's first request. The clock is fixed so cache entries never
 * expire mid-measurement (the gateway's are refreshed every 30 s, off the hot path).
 */
@State(Scope.Benchmark)
public class WarmDirectory {
    Path dir;
    Database database;
    KeyVault vault;
    KeyDirectory directory;
    RoutePlanner planner;
    ProviderKeyRecord key;
    SealedCredential sealed;
    CredentialBinding binding;
    String accountId;
    String apiKeyId;
    String apiKeyPlaintext;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        SecureRandom random = new SecureRandom();
        dir = Files.createTempDirectory("anyrouter-jmh");
        database = Database.open("jdbc:sqlite:" + dir.resolve("bench.db"));
        vault = KeyVault.fromMasterKey(MasterKey.generate());
        ApiKeyStore apiKeys = new ApiKeyStore(database, random, clock);
        Ledger ledger = new Ledger(database, clock);
        SignupGrants grants = new SignupGrants(database, ledger, new SignupGrants.Limits(2_000_000, 0, 0, Duration.ofDays(1), false), clock);
        AccountStore accounts = new AccountStore(database, new PasswordHasher(random), apiKeys, grants,
                new EmailVerifications(database, grants, random, clock), clock);
        SignupResult signup = accounts.signup("bench@example.com", "bench passphrase, long enough".toCharArray(), "127.0.0.1");
        accountId = signup.account().id();
        apiKeyId = signup.apiKey().info().id();
        apiKeyPlaintext = signup.apiKey().plaintext();

        String keyId = UUID.randomUUID().toString();
        binding = new CredentialBinding(accountId, keyId, "openai");
        sealed = vault.seal(Secret.of("sk-bench-000000000000000000000000"), binding);
        key = new ProviderKeyRecord(keyId, accountId, "openai", "bench", "sk-…0000", 1, 1, "http://127.0.0.1:9/v1", Map.of(),
                List.of(), KeyStatus.ACTIVE, null, clock.instant(), null, sealed.ciphertext(), sealed.wrappedKey(), sealed.keyVersion());
        ProviderKeyStore store = new ProviderKeyStore(database, clock);
        store.insert(key);

        directory = new KeyDirectory(store, vault, clock);
        KeyPools pools = new KeyPools(new PoolConfigStore(database, clock), random, clock);
        planner = new RoutePlanner(new ModelResolver(ProviderCatalog.loadDefault()), directory, pools,
                KeyHealth.standard(clock, (k, reason) -> {}));
        planner.plan(accountId, apiKeyId, List.of(RouteTarget.of(planner.place("gpt-4.1-mini"))));  // warms keys and the opened credential
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        database.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
