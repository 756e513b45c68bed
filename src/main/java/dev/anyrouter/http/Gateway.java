package dev.anyrouter.http;

import dev.anyrouter.accounts.AccountStore;
import dev.anyrouter.accounts.ApiKeyStore;
import dev.anyrouter.accounts.PasswordHasher;
import dev.anyrouter.accounts.SessionStore;
import dev.anyrouter.billing.Ledger;
import dev.anyrouter.config.InvalidSettingsException;
import dev.anyrouter.config.Settings;
import dev.anyrouter.providers.KeyValidator;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.providers.UpstreamAddressGuard;
import dev.anyrouter.providers.UpstreamClient;
import dev.anyrouter.routing.KeyDirectory;
import dev.anyrouter.routing.ModelResolver;
import dev.anyrouter.routing.ProviderKeyStore;
import dev.anyrouter.routing.RoutePlanner;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.SettingsStore;
import dev.anyrouter.store.StoreException;
import dev.anyrouter.usage.UsageRecord;
import dev.anyrouter.usage.UsageStore;
import dev.anyrouter.usage.UsageWriter;
import dev.anyrouter.vault.KeyVault;
import dev.anyrouter.vault.MasterKey;
import dev.anyrouter.vault.VaultException;
import dev.anyrouter.web.Dashboard;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: every part wired by hand from {@link Settings}, one HTTP server per event
 * loop on the same port. {@link #close()} stops taking requests, then flushes the usage log.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final String VAULT_PROBE = "vault.probe";

    private final Settings settings;
    private final Vertx vertx;
    private final Database database;
    private final Blocking blocking;
    private final UsageWriter usageWriter;
    private final int port;

    private Gateway(Settings settings, Vertx vertx, Database database, Blocking blocking, UsageWriter usageWriter,
                    int port) {
        this.settings = settings;
        this.vertx = vertx;
        this.database = database;
        this.blocking = blocking;
        this.usageWriter = usageWriter;
        this.port = port;
    }

    /** Starts the gateway; a setting or master key that cannot work stops it with {@link InvalidSettingsException}. */
    public static Gateway start(Settings settings, Map<String, String> env) {
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new InvalidSettingsException("cannot create the data dir " + settings.dataDir() + ": " + e.getMessage());
        }
        Database database;
        try {
            database = Database.open(settings.databaseUrl());
        } catch (StoreException e) {
            throw new InvalidSettingsException("cannot open the database: " + e.getMessage());
        }
        KeyVault vault = openVault(settings, env, database);

        Vertx vertx = Vertx.vertx(new VertxOptions());
        Blocking blocking = new Blocking(vertx);
        ProviderCatalog catalog = ProviderCatalog.loadDefault();
        UpstreamAddressGuard guard = UpstreamAddressGuard.system(settings.allowPrivateUpstreams());
        UpstreamClient upstream = new UpstreamClient(vertx, guard, blocking::run, settings.upstreamConnectTimeout(),
                settings.upstreamIdleTimeout(), settings.upstreamPoolSize());

        ApiKeyStore apiKeys = new ApiKeyStore(database, random, clock);
        Ledger ledger = new Ledger(database, clock);
        AccountStore accounts = new AccountStore(database, new PasswordHasher(random), apiKeys, ledger, clock);
        SessionStore sessions = new SessionStore(database, random, clock, Duration.ofDays(7));
        ProviderKeyStore providerKeys = new ProviderKeyStore(database, clock);
        UsageStore usageStore = new UsageStore(database);
        UsageWriter usageWriter = new UsageWriter(usageStore, batch -> markUsed(batch, providerKeys, apiKeys),
                Duration.ofMillis(200), 500);

        KeyDirectory directory = new KeyDirectory(providerKeys, vault, clock);
        RoutePlanner planner = new RoutePlanner(new ModelResolver(catalog), directory);
        Authenticator auth = new Authenticator(apiKeys, sessions, blocking, clock);
        KeyValidator validator = new KeyValidator(upstream);
        ByokService byok = new ByokService(catalog, providerKeys, apiKeys, vault, validator, guard, directory, blocking, clock);
        // HOOK (issue "key pools"): pass the logic of POST /api/v1/byok/{id}/validate as the dashboard's recheck when it lands.
        Dashboard dashboard = new Dashboard(new Dashboard.Services(catalog, byok, accounts, sessions, apiKeys, auth::forget,
                null, usageStore, ledger, blocking, clock, random, false));
        GatewayParts parts = new GatewayParts(settings,
                new ChatCompletionsHandler(auth, planner, upstream, usageWriter, blocking, clock),
                new ModelsHandler(auth, providerKeys, directory, catalog, upstream, blocking, clock),
                new AuthRoutes(accounts, sessions, blocking, false),
                new ApiKeyRoutes(apiKeys, auth, blocking),
                new ByokRoutes(byok, auth),
                new LogRoutes(usageStore, auth, blocking), dashboard);

        int port;
        try {
            port = listen(vertx, settings, parts);
        } catch (Exception e) {
            usageWriter.close();
            vertx.close();
            database.close();
            throw new InvalidSettingsException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
        return new Gateway(settings, vertx, database, blocking, usageWriter, port);
    }

    /**
     * One server per event loop. Vert.x shares one listening socket among servers that ask for
     * the same port; for "any free port" that means the same negative number, not 0.
     */
    private static int listen(Vertx vertx, Settings settings, GatewayParts parts) throws Exception {
        int loops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host())
                .setPort(settings.port() == 0 ? -1 : settings.port())
                .setTcpNoDelay(true).setCompressionSupported(false);
        List<ServerVerticle> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
        vertx.deployVerticle(() -> {
            ServerVerticle server = new ServerVerticle(options, parts);
            servers.add(server);
            return server;
        }, new DeploymentOptions().setInstances(loops)).await(30, TimeUnit.SECONDS);
        return servers.getFirst().port();
    }

    private static KeyVault openVault(Settings settings, Map<String, String> env, Database database) {
        KeyVault vault;
        try {
            MasterKey.LoadedMasterKey loaded = MasterKey.load(env, settings.dataDir());
            if (loaded.created()) {
                System.err.println("anyrouter: created a new master key at " + loaded.source()
                        + " — back it up: without it no stored provider key can be opened");
            }
            vault = KeyVault.fromMasterKey(loaded.key());
        } catch (VaultException e) {
            throw new InvalidSettingsException("master key: " + e.getMessage());
        }
        SettingsStore stored = new SettingsStore(database);
        var probe = stored.get(VAULT_PROBE);
        if (probe.isEmpty()) {
            stored.put(VAULT_PROBE, vault.probe());
        } else if (!vault.opensProbe(probe.get())) {
            throw new InvalidSettingsException("the master key does not match this database: start with the master key "
                    + "that sealed its provider keys (" + settings.dataDir().resolve(MasterKey.FILE_NAME) + " or " + MasterKey.ENV_VAR + ")");
        }
        return vault;
    }

    private static void markUsed(List<UsageRecord> batch, ProviderKeyStore providerKeys, ApiKeyStore apiKeys) {
        Set<String> keys = new HashSet<>();
        Set<String> apiKeyIds = new HashSet<>();
        var latest = batch.getLast().at();
        for (UsageRecord r : batch) {
            if (r.keyId() != null && r.status() / 100 == 2) keys.add(r.keyId());
            if (r.apiKeyId() != null) apiKeyIds.add(r.apiKeyId());
        }
        keys.forEach(id -> providerKeys.touchLastUsed(id, latest));
        apiKeyIds.forEach(id -> apiKeys.touchLastUsed(id, latest));
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return settings.baseUrl(port);
    }

    /** Stops serving, writes every queued usage record, closes the store. */
    @Override
    public void close() {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping the HTTP servers took too long ({})", e.getClass().getSimpleName());
        }
        usageWriter.close();
        blocking.close();
        database.close();
    }
}
