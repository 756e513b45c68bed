package dev.anyrouter.web;

import dev.anyrouter.accounts.AccountStore;
import dev.anyrouter.accounts.ApiKeyStore;
import dev.anyrouter.accounts.Onboarding;
import dev.anyrouter.accounts.ClientAddress;
import dev.anyrouter.accounts.SessionCookie;
import dev.anyrouter.accounts.SessionStore;
import dev.anyrouter.accounts.SignIn;
import dev.anyrouter.billing.Ledger;
import dev.anyrouter.byok.ByokService;
import dev.anyrouter.byok.DonationService;
import dev.anyrouter.byok.PoolService;
import dev.anyrouter.byok.PresetService;
import dev.anyrouter.billing.SignupGrants;
import dev.anyrouter.providers.ModelCatalog;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.routing.ReachableModels;
import dev.anyrouter.store.Blocking;
import dev.anyrouter.usage.UsageAnalytics;
import dev.anyrouter.usage.UsageStore;
import io.vertx.ext.web.Router;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The web dashboard: server-rendered pages (JTE, precompiled) enhanced by htmx, for signing up,
 * managing provider keys and their pools (/byok) and API keys (/keys), reading logs, analytics and
 * credits, keeping presets, and the account's password and sessions (/account). It runs over the
 * same stores and the same {@link ByokService} as the JSON API, with the same session.
 */
public final class Dashboard {
    /**
     * What the dashboard is built on.
     *
     * @param recheck live re-validation of a stored key, or null while the server has none (see {@link KeyRecheck})
     * @param signIn sign-in, sign-up and password changes, with the guessing limits the JSON API shares
     * @param cookie the session cookie's shape (Secure behind TLS)
     * @param clients who a request's client is, by address (the sign-in limits count per address)
     */
    public record Services(ProviderCatalog catalog, ByokService byok, AccountStore accounts, Onboarding onboarding,
                           SignupGrants grants, SessionStore sessions,
                           SignIn signIn, ApiKeyStore apiKeys, KeyRecheck recheck,
                           PoolService pools, PresetService presets, UsageAnalytics analytics, UsageStore usage,
                           Ledger ledger, Blocking blocking, Clock clock, SecureRandom random, SessionCookie cookie,
                           ClientAddress clients, DonationService donations, ReachableModels reachable, ModelCatalog models) {
        public Services {
            Objects.requireNonNull(catalog);
            Objects.requireNonNull(byok);
            Objects.requireNonNull(accounts);
            Objects.requireNonNull(onboarding);
            Objects.requireNonNull(grants);
            Objects.requireNonNull(sessions);
            Objects.requireNonNull(signIn);
            Objects.requireNonNull(cookie);
            Objects.requireNonNull(clients);
            Objects.requireNonNull(apiKeys);
            Objects.requireNonNull(pools);
            Objects.requireNonNull(presets);
            Objects.requireNonNull(analytics);
            Objects.requireNonNull(usage);
            Objects.requireNonNull(ledger);
            Objects.requireNonNull(blocking);
            Objects.requireNonNull(clock);
            Objects.requireNonNull(random);
            Objects.requireNonNull(donations);
            Objects.requireNonNull(reachable);
            Objects.requireNonNull(models);
        }
    }

    private final StaticAssets assets;
    private final AuthPages auth;
    private final ByokPages byok;
    private final ApiKeyPages apiKeys;
    private final LogPages logs;
    private final AccountPages account;
    private final AnalyticsPages analytics;
    private final PresetPages presets;
    private final EmailPages email;
    private final SecurityPages security;
    private final PoolPages pool;
    private final ModelPages models;

    /** Loads the templates and assets; fails at start-up, not on the first page, when one is missing. */
    public Dashboard(Services s) {
        Renderer renderer = new Renderer();
        SessionGate gate = new SessionGate(s.sessions(), s.accounts(), s.blocking(), renderer);
        this.assets = new StaticAssets();
        FormToken formToken = new FormToken(s.random(), s.cookie().secure());
        Flash flash = new Flash(s.clock());
        this.auth = new AuthPages(s.signIn(), s.sessions(), s.blocking(), s.cookie(), s.clients(), formToken, gate, renderer, flash);
        this.email = new EmailPages(s.onboarding(), s.blocking(), formToken, gate, renderer, flash);
        this.security = new SecurityPages(s.signIn(), s.sessions(), s.blocking(), s.cookie(), s.clients(), s.clock(),
                gate, flash);
        this.byok = new ByokPages(s.catalog(), s.byok(), s.pools(), s.apiKeys(), s.blocking(), Optional.ofNullable(s.recheck()), gate,
                new ByokCards(s.catalog(), s.clock()), flash);
        this.apiKeys = new ApiKeyPages(s.apiKeys(), s.blocking(), s.clock(), gate, flash);
        this.logs = new LogPages(s.usage(), s.apiKeys(), s.blocking(), s.clock(), gate);
        this.account = new AccountPages(s.ledger(), s.grants(), s.blocking(), gate, flash);
        this.analytics = new AnalyticsPages(s.analytics(), s.blocking(), s.clock(), gate);
        this.presets = new PresetPages(s.presets(), s.blocking(), gate);
        this.pool = new PoolPages(s.catalog(), s.donations(), s.clients(), gate);
        this.models = new ModelPages(s.reachable(), s.models(), s.catalog(), s.byok(), s.blocking(), gate);
    }

    /** Adds the dashboard's routes (/, /login, /signup, /welcome, /logout, /byok…, /keys…, /logs…, /credits, /quickstart, /analytics, /presets, /account…, /models, /pool…, /verify-email, /static/…). */
    public void mount(Router router) {
        assets.mount(router);
        auth.mount(router);
        byok.mount(router);
        apiKeys.mount(router);
        logs.mount(router);
        account.mount(router);
        analytics.mount(router);
        presets.mount(router);
        email.mount(router);
        security.mount(router);
        pool.mount(router);
        models.mount(router);
    }
}
