package dev.anyrouter.app;

import dev.anyrouter.accounts.AccountStore;
import dev.anyrouter.accounts.ApiKeyStore;
import dev.anyrouter.accounts.EmailVerifications;
import dev.anyrouter.accounts.Onboarding;
import dev.anyrouter.accounts.ClientAddress;
import dev.anyrouter.accounts.GuessingLimit;
import dev.anyrouter.accounts.HashPermits;
import dev.anyrouter.accounts.PasswordHasher;
import dev.anyrouter.accounts.SessionCookie;
import dev.anyrouter.accounts.SessionStore;
import dev.anyrouter.accounts.SignIn;
import dev.anyrouter.billing.CreditGrants;
import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.billing.Surcharges;
import dev.anyrouter.billing.SignupGrants;
import dev.anyrouter.config.CreditsSettings;
import dev.anyrouter.byok.ByokService;
import dev.anyrouter.byok.DonationService;
import dev.anyrouter.billing.PoolCredits;
import dev.anyrouter.keys.DonatedKeys;
import dev.anyrouter.keys.DonationStore;
import dev.anyrouter.config.DonationSettings;
import dev.anyrouter.routing.PoolHeadroom;
import dev.anyrouter.cluster.Change;
import dev.anyrouter.cluster.ChangeFeed;
import dev.anyrouter.cluster.ProbeLeases;
import dev.anyrouter.byok.PoolService;
import dev.anyrouter.byok.PresetService;
import dev.anyrouter.config.InvalidSettingsException;
import dev.anyrouter.config.Settings;
import dev.anyrouter.http.Authenticator;
import dev.anyrouter.http.ApiRoute;
import dev.anyrouter.http.HttpApi;
import dev.anyrouter.http.Readiness;
import dev.anyrouter.inference.InferenceApi;
import dev.anyrouter.keys.KeyDirectory;
import dev.anyrouter.keys.KeyModelStore;
import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.ProviderKeyStore;
import dev.anyrouter.mail.Mailer;
import dev.anyrouter.mail.SmtpMailer;
import dev.anyrouter.protocol.ModelIdLimits;
import dev.anyrouter.providers.KeyValidator;
import dev.anyrouter.providers.UpstreamTokenEndpoint;
import dev.anyrouter.providers.cloud.CloudCredentials;
import dev.anyrouter.providers.DonationTerms;
import dev.anyrouter.providers.ModelCatalog;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.providers.HostPattern;
import dev.anyrouter.providers.UpstreamAddressGuard;
import dev.anyrouter.providers.UpstreamClient;
import dev.anyrouter.keys.DestinationUpgrade;
import dev.anyrouter.providers.exchange.UpstreamExchange;
import dev.anyrouter.routing.Failover;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.routing.KeyPools;
import dev.anyrouter.routing.KeySignals;
import dev.anyrouter.routing.ModelResolver;
import dev.anyrouter.routing.ModelRouter;
import dev.anyrouter.routing.PoolConfigStore;
import dev.anyrouter.routing.PresetStore;
import dev.anyrouter.routing.Presets;
import dev.anyrouter.routing.ReachableModels;
import dev.anyrouter.routing.RoutePlanner;
import dev.anyrouter.store.Blocking;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.NodeId;
import dev.anyrouter.store.PrivateFiles;
import dev.anyrouter.store.SettingsStore;
import dev.anyrouter.store.StoreException;
import dev.anyrouter.usage.UsageAnalytics;
import dev.anyrouter.usage.UsageStore;
import dev.anyrouter.usage.UsageWriter;
import dev.anyrouter.vault.KeyVault;
import dev.anyrouter.vault.KeysetWatch;
import dev.anyrouter.vault.MasterKey;
import dev.anyrouter.vault.VaultException;
import dev.anyrouter.vault.VaultNodes;
import dev.anyrouter.web.Dashboard;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: every part wired by hand from {@link Settings}, one HTTP server per event
 * loop on the same port. {@link #drain()} stops it gracefully (what SIGTERM does); {@link #close()}
 * stops taking requests at once, then flushes the usage log.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final String VAULT_PROBE = "vault.probe";
    private static final Duration HOLD_SWEEP = Duration.ofMinutes(1);
    /** How long ended requests get to write their last bytes after the drain deadline, before connections close. */
    private static final Duration CUT_GRACE = Duration.ofSeconds(3);

    private final Settings settings;
    private final Vertx vertx;
    private final Database database;
    private final Blocking blocking;
    private final UsageWriter usageWriter;
    private final ChangeFeed changes;
    private final KeysetWatch keysetWatch;
    private final int port;
    private final List<ApiRoute> apiRoutes;
    private final KeyHealth health;
    private final Serving serving;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** What serving is made of, for a drain to stop in order. */
    private record Serving(List<ServerVerticle> servers, Readiness readiness, UpstreamExchange exchange) {}

    private Gateway(Settings settings, Vertx vertx, Database database, Blocking blocking, UsageWriter usageWriter,
                    ChangeFeed changes, KeysetWatch keysetWatch, int port, List<ApiRoute> apiRoutes, KeyHealth health,
                    Serving serving) {
        this.serving = serving;
        this.changes = changes;
        this.health = health;
        this.apiRoutes = List.copyOf(apiRoutes);
        this.settings = settings;
        this.vertx = vertx;
        this.database = database;
        this.blocking = blocking;
        this.usageWriter = usageWriter;
        this.keysetWatch = keysetWatch;
        this.port = port;
    }

    /** Starts the gateway; a setting or master key that cannot work stops it with {@link InvalidSettingsException}. */
    public static Gateway start(Settings settings, Map<String, String> env) {
        return start(settings, env, PriceBook.none());
    }

    /**
     * Starts the gateway pricing credits traffic (and BYOK's notional cost) from {@code prices}
     * first, then from the model catalog's list prices.
     */
    public static Gateway start(Settings settings, Map<String, String> env, PriceBook prices) {
        return start(settings, env, prices, Clock.systemUTC());
    }

    /** As above, on {@code clock} (tests move it to run out cool-downs without sleeping). */
    public static Gateway start(Settings settings, Map<String, String> env, PriceBook prices, Clock clock) {
        return start(settings, env, prices, clock, InetAddress::getAllByName);
    }

    /**
     * As above, resolving upstream host names with {@code resolver} (tests point a public-looking name
     * at a loopback listener to prove that nothing is ever sent to it).
     */
    public static Gateway start(Settings settings, Map<String, String> env, PriceBook prices, Clock clock,
                                UpstreamAddressGuard.Resolver resolver) {
        SecureRandom random = new SecureRandom();
        ClientAddress clients = ClientAddress.trusting(settings.signIn().trustedProxies()); // a bad entry stops start-up first
        List<HostPattern> operatorHosts = upstreamHosts(settings);
        // The catalogs are read before anything is opened: a refused override (a donation row without
        // a source, a bad model row) must stop start-up without leaving a database, a feed or Vert.x behind.
        ProviderCatalog catalog = ProviderCatalog.loadDefault();
        ModelCatalog models = loadModels(settings, catalog);
        DonationTerms donationTerms = loadDonationTerms(settings, catalog);
        try {
            PrivateFiles.createDirectory(settings.dataDir());
        } catch (IOException e) {
            throw new InvalidSettingsException("cannot create the data dir " + settings.dataDir() + ": " + e.getMessage());
        }
        Database database;
        try {
            database = Database.open(settings.databaseUrl());
        } catch (StoreException e) {
            throw new InvalidSettingsException("cannot open the database: " + e.getMessage());
        }
        PrivateFiles.exposure(settings.dataDir(), "data dir").ifPresent(LOG::warn);
        database.file().flatMap(file -> PrivateFiles.exposure(file, "database file")).ifPresent(LOG::warn);
        KeyVault vault;
        try {
            vault = openVault(settings, env, database);
        } catch (RuntimeException e) {
            database.close(); // a refused start must not leave the database open
            throw e;
        }
        // Every node's caches follow every node's changes: NOTIFY on PostgreSQL, in-process on SQLite.
        ChangeFeed changes = ChangeFeed.over(database);

        // Linux's epoll transport when its native library loads (fewer system calls per request); NIO elsewhere.
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        LOG.info("network transport: {}", vertx.isNativeTransportEnabled() ? "native (epoll)" : "NIO");
        Blocking blocking = new Blocking(vertx);
        UpstreamAddressGuard guard = new UpstreamAddressGuard(settings.allowPrivateUpstreams(), operatorHosts, resolver, Clock.systemUTC());
        UpstreamClient upstream = new UpstreamClient(vertx, guard, blocking::run, settings.upstreamConnectTimeout(),
                settings.upstreamIdleTimeout(), settings.upstreamPoolSize());

        ApiKeyStore apiKeys = new ApiKeyStore(database, random, clock, changes, settings.caps().apiKeys());
        Ledger ledger = new Ledger(database, clock, NodeId.load(settings.dataDir()));
        SignupGrants grants = new SignupGrants(database, ledger, grantLimits(settings.credits()), clock);
        EmailVerifications verifications = new EmailVerifications(database, grants, random, clock);
        Settings.SignIn signInSettings = settings.signIn();
        AccountStore accounts = new AccountStore(database,
                new PasswordHasher(random, new HashPermits(signInSettings.hashPermits())), apiKeys, grants, verifications, clock);
        Mailer mailer = settings.mail().configured() ? new SmtpMailer(vertx, settings.mail()) : Mailer.none();
        Onboarding onboarding = new Onboarding(accounts, verifications, mailer, linkBase(settings));
        SessionStore sessions = new SessionStore(database, random, clock, signInSettings.sessionIdle(),
                signInSettings.sessionLifetime());
        SignIn signIn = new SignIn(accounts, onboarding, sessions,
                new GuessingLimit(signInSettings.maxFailures(), signInSettings.failureWindow(), clock));
        SessionCookie sessionCookie = new SessionCookie(signInSettings.secureCookies(), clock);
        ProviderKeyStore providerKeys = new ProviderKeyStore(database, clock, settings.caps().byokKeys());
        KeyModelStore keyModels = new KeyModelStore(database, clock);
        PriceBook priceBook = CatalogPrices.over(prices, models);
        UsageStore usageStore = new UsageStore(database);
        // Small batches: the writer writes one whenever a core is free, and a short insert delays
        // no request that wakes meanwhile (usage/UsageWriter).
        UsageWriter usageWriter = new UsageWriter(usageStore, new KeyUseMarks(providerKeys, apiKeys)::afterWrite,
                Duration.ofMillis(200), 100);

        KeyDirectory directory = new KeyDirectory(providerKeys, vault, clock);
        KeyHealth health = KeyHealth.standard(clock, (key, reason) -> blocking.run(() -> {
            // Persisted so the quarantine survives a restart; the cache reload then carries it.
            providerKeys.setStatus(key.id(), KeyStatus.QUARANTINED, reason);
            changes.publish(new Change.ProviderKeyChanged(key.accountId(), key.id(), Change.ProviderKeyChanged.What.QUARANTINED));
            return null;
        }), changes::publish);
        // What answers tell of each key (rate limits left, latency): the walk writes it, the strategies read it.
        KeySignals signals = new KeySignals(clock);
        KeyPools pools = new KeyPools(new PoolConfigStore(database, clock), random, clock, changes, signals);
        DonationStore donationStore = new DonationStore(database, clock);
        DonatedKeys donatedKeys = new DonatedKeys(donationStore, providerKeys, donationTerms::eligible, clock);
        PoolHeadroom poolHeadroom = new PoolHeadroom(clock);
        PoolCredits poolCredits = new PoolCredits(database, ledger, clock);
        RoutePlanner planner = new RoutePlanner(new ModelResolver(catalog), directory, pools, health, new RoutePlanner.Donations(
                donatedKeys, poolHeadroom, settings.donation().order() == DonationSettings.Order.POOL_FIRST));
        ReachableModels reachable = new ReachableModels(providerKeys, keyModels, catalog, models, clock);
        directory.onInvalidate(reachable::invalidate);
        Presets presets = new Presets(new PresetStore(database, clock, settings.caps().presets()), clock, changes);
        // A probe lasts at most until its answer's first byte; past that another node may take the key over.
        ProbeLeases probes = ProbeLeases.shared(database, blocking, java.util.UUID.randomUUID().toString(),
                settings.upstreamFirstByteTimeout().plus(settings.upstreamConnectTimeout()), clock);
        Failover failover = new Failover(health, signals, probes, clock, settings.upstreamMaxAttempts(), settings.upstreamMaxRetries());
        releaseAbandonedHolds(ledger, clock, settings.credits().maxRequest());
        // Holds of requests that died with another node are released once they outlive any request.
        vertx.setPeriodic(HOLD_SWEEP.toMillis(), tick -> blocking.run(() -> ledger.releaseAbandoned(
                clock.instant().minus(settings.credits().maxRequest()))));
        Authenticator auth = new Authenticator(apiKeys, sessions, blocking, clock);
        CloudCredentials clouds = new CloudCredentials(UpstreamTokenEndpoint.over(upstream, catalog), clock,
                task -> Thread.ofVirtual().name("token-mint").start(task), Duration.ofMinutes(5), settings.upstreamFirstByteTimeout());
        KeyValidator validator = new KeyValidator(upstream, clouds, new KeyValidator.Limits(settings.limits().upstreamAnswerBytes(),
                settings.limits().keyModels(), settings.limits().modelIdLength()));
        ByokService byok = new ByokService(catalog, providerKeys, keyModels, apiKeys, vault, validator, guard, directory, changes,
                blocking, clock);
        changes.subscribe(new ChangeFollowers(auth, directory, reachable, health, pools, presets, donatedKeys, poolHeadroom));
        PoolService poolService = new PoolService(pools, health);
        DonationService donations = new DonationService(catalog, donationTerms, donationStore, providerKeys, poolCredits,
                settings.donation(), changes, blocking);
        PresetService presetService = new PresetService(presets, planner, catalog, models, providerKeys, keyModels);
        UsageAnalytics analytics = new UsageAnalytics(database);
        Dashboard dashboard = new Dashboard(new Dashboard.Services(catalog, byok, accounts, onboarding, grants, sessions, signIn, apiKeys,
                (accountId, keyId) -> byok.revalidate(accountId, keyId).map(ByokService.Revalidation::summary), poolService,
                presetService, analytics, usageStore, ledger, blocking, clock, random, sessionCookie, clients, donations, reachable, models));
        UpstreamExchange exchange = new UpstreamExchange(vertx, upstream, settings.upstreamFirstByteTimeout(),
                new UpstreamExchange.Bounds(settings.limits().inferenceBodyBytes(), settings.limits().upstreamAnswerBytes(), settings.limits().upstreamEventBytes(),
                        settings.limits().upstreamHeldBytes()), clock, clouds);
        InferenceApi inference = new InferenceApi(new InferenceApi.Parts(HttpApi::admittedCaller, new ModelRouter(planner, reachable, models),
                presets, failover, health, exchange, ledger, priceBook, Surcharges.loadDefault(), usageWriter, blocking, clock,
                new ModelIdLimits(settings.limits().modelIdLength(), settings.limits().requestModels()),
                new InferenceApi.Pool(poolCredits, settings.donation().creditRate(),
                        back -> donatedKeys.served(back.keyId(), back.notionalMicros()))));
        Readiness readiness = new Readiness(new NodeReadiness(database, vault, VAULT_PROBE, changes), blocking);
        HttpApi api = new HttpApi(new HttpApi.Services(settings, inference, auth, blocking, clock, database, catalog, models,
                signIn, onboarding, sessions, sessionCookie, clients, apiKeys, providerKeys, keyModels, directory, health, byok, poolService,
                presetService, ledger, new CreditGrants(database, ledger), usageStore, analytics, donations), readiness);

        if (!changes.awaitListening(Duration.ofSeconds(10))) {
            LOG.warn("not yet listening for other nodes' changes; serving, and not ready, until it is");
        }
        List<ServerVerticle> servers;
        try {
            servers = listen(vertx, settings, api, dashboard, upstream);
        } catch (Exception e) {
            usageWriter.close();
            vertx.close();
            changes.close();
            database.close();
            throw new InvalidSettingsException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
        sweepExpiredSessions(vertx, blocking, sessions);
        KeysetWatch keysetWatch = watchKeyset(settings, env, vault, database, vertx, blocking);
        return new Gateway(settings, vertx, database, blocking, usageWriter, changes, keysetWatch, servers.getFirst().port(),
                api.routes(vertx), health, new Serving(servers, readiness, exchange));
    }

    /**
     * A key from a file is read again whenever a rotation rewrites it (checked every second), and what
     * this gateway holds is reported every few seconds, so `anyrouter vault rotate` in another
     * process can wait for it; null for a key from the environment, which cannot rotate.
     */
    private static KeysetWatch watchKeyset(Settings settings, Map<String, String> env, KeyVault vault, Database database,
                                           Vertx vertx, Blocking blocking) {
        var file = MasterKey.keyFile(env, settings.dataDir(), settings.masterKeyFile());
        if (file.isEmpty()) return null;
        KeysetWatch watch = new KeysetWatch(file.get(), vault, new VaultNodes(database, Clock.systemUTC()));
        watch.report();
        vertx.setPeriodic(1_000, id -> blocking.run(watch::check)
                .onFailure(e -> LOG.warn("checking the master key file failed ({})", e.getClass().getSimpleName())));
        vertx.setPeriodic(5_000, id -> blocking.run(() -> {
            watch.report();
            return null;
        }).onFailure(e -> LOG.warn("reporting the master key versions failed ({})", e.getClass().getSimpleName())));
        return watch;
    }

    /** Rows of ended sessions are deleted now and every ten minutes, so the table holds only live ones. */
    private static void sweepExpiredSessions(Vertx vertx, Blocking blocking, SessionStore sessions) {
        Runnable sweep = () -> blocking.run(sessions::deleteExpired)
                .onFailure(e -> LOG.warn("deleting ended sessions failed ({})", e.getClass().getSimpleName()));
        sweep.run();
        vertx.setPeriodic(Duration.ofMinutes(10).toMillis(), id -> sweep.run());
    }

    /**
     * One server per event loop. Vert.x shares one listening socket among servers that ask for
     * the same port; for "any free port" that means the same negative number, not 0.
     */
    private static List<ServerVerticle> listen(Vertx vertx, Settings settings, HttpApi api, Dashboard dashboard,
                                               UpstreamClient upstream) throws Exception {
        int loops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host())
                .setPort(settings.port() == 0 ? -1 : settings.port())
                .setTcpNoDelay(true).setCompressionSupported(false)
                // No byte either way for this long closes a connection, mid-request too (a stalled upload).
                .setIdleTimeout((int) settings.limits().idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                // HTTP/1 only (clients call /api over HTTP/1.1): with cleartext HTTP/2 on, Vert.x sets a
                // connection up only once its first bytes arrive, so a silent one could not be timed.
                .setHttp2ClearTextEnabled(false);
        List<ServerVerticle> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
        vertx.deployVerticle(() -> {
            ServerVerticle server = new ServerVerticle(options, api, dashboard, upstream, loops);
            servers.add(server);
            return server;
        }, new DeploymentOptions().setInstances(loops)).await(30, TimeUnit.SECONDS);
        return List.copyOf(servers);
    }

    private static List<HostPattern> upstreamHosts(Settings settings) {
        List<HostPattern> hosts = new java.util.ArrayList<>();
        for (String host : settings.upstreamHosts()) {
            try {
                hosts.add(HostPattern.parse(host));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException("upstream-hosts: " + e.getMessage());
            }
        }
        return hosts;
    }

    /** Where links in mail point: the public URL, else the address the gateway listens on. */
    private static String linkBase(Settings settings) {
        String base = settings.publicUrl() != null ? settings.publicUrl().toString() : settings.baseUrl(settings.port()).replace("/api/v1", "");
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static SignupGrants.Limits grantLimits(CreditsSettings credits) {
        return new SignupGrants.Limits(credits.signupGrantMicros(), credits.grantsPerAddress(), credits.grantsPerWindow(),
                credits.grantWindow(), credits.grantNeedsVerifiedEmail());
    }

    private static ModelCatalog loadModels(Settings settings, ProviderCatalog providers) {
        try {
            return settings.catalogFile() == null
                    ? ModelCatalog.loadDefault(providers)
                    : ModelCatalog.load(providers, settings.catalogFile());
        } catch (ProviderCatalog.InvalidCatalogException e) {
            throw new InvalidSettingsException(e.getMessage());
        }
    }

    /** Which providers' keys may serve the pool: a row marked eligible without its source stops start-up here. */
    private static DonationTerms loadDonationTerms(Settings settings, ProviderCatalog providers) {
        try {
            return DonationTerms.load(providers, settings.catalogFile());
        } catch (ProviderCatalog.InvalidCatalogException e) {
            throw new InvalidSettingsException(e.getMessage());
        }
    }

    private static KeyVault openVault(Settings settings, Map<String, String> env, Database database) {
        KeyVault vault;
        try {
            MasterKey.LoadedMasterKey loaded = MasterKey.load(env, settings.dataDir(), settings.masterKeyFile());
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
            return vault;
        }
        switch (vault.readProbe(probe.get())) {
            case CURRENT -> { }
            case BEFORE_DESTINATIONS -> bindDestinations(database, vault, stored);
            case OTHER_KEY -> throw new InvalidSettingsException("the master key does not match this database: start with the master key "
                    + "that sealed its provider keys (" + (settings.masterKeyFile() != null ? settings.masterKeyFile()
                    : settings.dataDir().resolve(MasterKey.FILE_NAME)) + " or " + MasterKey.ENV_VAR + ")");
        }
        return vault;
    }

    /**
     * Keys stored before base URL and headers were bound into their sealed rows are sealed again with
     * them, once; the new probe then says so, and from then on a row edited in the database does not open.
     */
    private static void bindDestinations(Database database, KeyVault vault, SettingsStore stored) {
        DestinationUpgrade.Result result = DestinationUpgrade.run(new ProviderKeyStore(database, Clock.systemUTC()), vault);
        LOG.info("bound each stored provider key's base URL and headers into its sealed row: {} re-sealed, {} already bound,"
                + " {} that do not open left as they were", result.resealed(), result.alreadyBound(), result.unreadable());
        stored.put(VAULT_PROBE, vault.probe());
    }

    /**
     * Credit held by requests a crash cut short would stay held forever: this node's own holds are
     * released at start (their requests died with the last process), any node's once they outlive
     * the longest request.
     */
    private static void releaseAbandonedHolds(Ledger ledger, Clock clock, Duration longestRequest) {
        int released = ledger.releaseOwnHolds() + ledger.releaseAbandoned(clock.instant().minus(longestRequest));
        if (released > 0) LOG.info("released credit held by {} requests that never finished", released);
    }

    public int port() {
        return port;
    }

    /** Every {@code /api/v1} endpoint the gateway serves and who may call it: the README's API table. */
    public List<ApiRoute> apiRoutes() {
        return apiRoutes;
    }

    public String baseUrl() {
        return settings.baseUrl(port);
    }

    /**
     * What this node has learned of a provider key's health on {@code model} (its own answers and
     * other nodes' changes it applied), leaving the key's row aside.
     */
    public KeyHealth.Status keyHealth(String keyId, String model) {
        return health.learned(keyId, model);
    }

    /**
     * Stops gracefully, as on SIGTERM: the node reports itself not ready and refuses new requests (503
     * {@code node_draining}, in the client's wire, the connection closed), closes idle connections, and
     * lets the requests already open run for up to the drain deadline (the listener closes once no
     * connection is left); then each still open is ended in its wire (a
     * stream with its error event, a request still waiting for its upstream with a 503), its usage
     * settled as far as it went. Once every answer has ended, every usage record is written and the
     * node {@link #close()}s. Blocks until then.
     */
    public void drain() {
        Duration deadline = settings.drainDeadline();
        LOG.info("draining: not ready, no new requests; open ones have {} ms to finish", deadline.toMillis());
        serving.readiness().drain();
        List<io.vertx.core.Future<Void>> shut = serving.servers().stream().map(s -> s.shutdown(deadline.plus(CUT_GRACE))).toList();
        io.vertx.core.Future<Void> answered = io.vertx.core.Future.all(shut).mapEmpty();
        try {
            answered.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException stillOpen) {
            LOG.info("drain deadline passed: ending the requests still open with an error in their wire");
            try {
                serving.exchange().stop().await(CUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                answered.await(CUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception late) {
                LOG.warn("some connections were still open {} ms after the drain deadline; closing them", CUT_GRACE.toMillis());
            }
        } catch (Exception e) {
            LOG.warn("draining failed ({}); closing", e.getClass().getSimpleName());
        }
        close();
        LOG.info("drained and stopped");
    }

    /** Whether the node is draining (or stopped): not ready, refusing new requests. */
    public boolean draining() {
        return serving.readiness().draining();
    }

    /** Stops serving, writes every queued usage record, closes the store; once (a second call does nothing). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        serving.readiness().drain();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping the HTTP servers took too long ({})", e.getClass().getSimpleName());
        }
        // The ledger writes of requests that just ended run on virtual threads, each handing its usage
        // record to the writer: they finish before the writer's last flush.
        blocking.close();
        usageWriter.close();
        changes.close();
        if (keysetWatch != null) {
            try {
                keysetWatch.leave();
            } catch (RuntimeException e) {
                LOG.warn("could not withdraw this gateway's master key report ({})", e.getClass().getSimpleName());
            }
        }
        database.close();
    }
}
