package dev.anyrouter.http;

import dev.anyrouter.accounts.ApiKeyStore;
import dev.anyrouter.accounts.Caller;
import dev.anyrouter.accounts.ClientAddress;
import dev.anyrouter.accounts.SessionCookie;
import dev.anyrouter.accounts.SessionStore;
import dev.anyrouter.accounts.Onboarding;
import dev.anyrouter.accounts.SignIn;
import dev.anyrouter.billing.CreditGrants;
import dev.anyrouter.billing.Ledger;
import dev.anyrouter.byok.ByokService;
import dev.anyrouter.byok.DonationService;
import dev.anyrouter.byok.PoolService;
import dev.anyrouter.byok.PresetService;
import dev.anyrouter.config.Settings;
import dev.anyrouter.inference.InferenceApi;
import dev.anyrouter.keys.KeyDirectory;
import dev.anyrouter.keys.KeyModelStore;
import dev.anyrouter.keys.ProviderKeyStore;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.providers.ModelCatalog;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.providers.exchange.ClientWire;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.store.Blocking;
import dev.anyrouter.store.Database;
import dev.anyrouter.usage.UsageAnalytics;
import dev.anyrouter.usage.UsageStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The gateway's HTTP surface: the inference endpoints, the management API and the error shape
 * of every answer, as one router built from its services, so tests build exactly the router that
 * {@code serve} runs. Pages (the dashboard) are mounted by whoever composes the gateway, so this
 * package never names them.
 */
public final class HttpApi {
    /** What the API is built on; the composition root ({@code app}) wires it. */
    public record Services(Settings settings, InferenceApi inference, Authenticator auth, Blocking blocking, Clock clock,
                           Database database, ProviderCatalog catalog, ModelCatalog models, SignIn signIn,
                           Onboarding onboarding, SessionStore sessions, SessionCookie sessionCookie, ClientAddress clients, ApiKeyStore apiKeys, ProviderKeyStore providerKeys,
                           KeyModelStore keyModels, KeyDirectory directory, KeyHealth health, ByokService byok,
                           PoolService pools, PresetService presets, Ledger ledger, CreditGrants grants,
                           UsageStore usage, UsageAnalytics analytics, DonationService donations) {
        public Services {
            Objects.requireNonNull(settings);
            Objects.requireNonNull(inference);
            Objects.requireNonNull(auth);
        }
    }

    // Every /api answer carries these two: names and values built once (see ReplyHeaders on why).
    private static final CharSequence CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("x-content-type-options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

    private final Settings settings;
    private final InferenceApi inference;
    private final ModelsHandler models;
    private final AuthRoutes authRoutes;
    private final ApiKeyRoutes apiKeyRoutes;
    private final ByokRoutes byokRoutes;
    private final DonationRoutes donationRoutes;
    private final LogRoutes logRoutes;
    private final PoolRoutes poolRoutes;
    private final CreditsRoutes creditsRoutes;
    private final AdminRoutes adminRoutes;
    private final PresetRoutes presetRoutes;
    private final AnalyticsRoutes analyticsRoutes;
    private final Guard guard;
    private final BodyGate bodies;
    private final CrossSiteRequests crossSite;
    private final Readiness readiness;

    /** @param readiness whether the node takes traffic: {@code GET /ready}, and new requests refused while it drains */
    public HttpApi(Services s, Readiness readiness) {
        this.readiness = Objects.requireNonNull(readiness);
        this.settings = s.settings();
        this.inference = s.inference();
        this.guard = new Guard(s.auth());
        this.bodies = new BodyGate(s.settings().limits(), s.auth());
        this.crossSite = new CrossSiteRequests(s.settings().publicUrl());
        this.models = new ModelsHandler(s.providerKeys(), s.keyModels(), s.models(), s.blocking());
        this.authRoutes = new AuthRoutes(s.signIn(), s.onboarding(), s.sessions(), s.blocking(), s.sessionCookie(), s.clients());
        this.apiKeyRoutes = new ApiKeyRoutes(s.apiKeys(), s.blocking());
        this.donationRoutes = new DonationRoutes(s.donations(), s.clients());
        this.byokRoutes = new ByokRoutes(s.byok(), s.health(), donationRoutes);
        this.logRoutes = new LogRoutes(s.usage(), s.blocking());
        this.poolRoutes = new PoolRoutes(s.catalog(), s.providerKeys(), s.pools(), s.byok(), s.health(), s.blocking());
        this.creditsRoutes = new CreditsRoutes(s.ledger(), s.blocking());
        this.adminRoutes = new AdminRoutes(s.settings().adminToken(), s.grants(), s.byok(), s.providerKeys(),
                s.health(), s.blocking(), s.database());
        this.presetRoutes = new PresetRoutes(s.presets(), s.blocking());
        this.analyticsRoutes = new AnalyticsRoutes(s.analytics(), s.blocking(), s.clock());
    }

    /** The whole router of one server: the API, then {@code pages}, then the error answers of both. */
    public Router router(Vertx vertx, Consumer<Router> pages) {
        Router router = Router.router(vertx);
        router.route().handler(crossSite::requireSameOrigin);
        router.get("/health").handler(ctx -> ctx.response().putHeader("content-type", "application/json").end("{\"status\":\"ok\"}"));
        readiness.mount(router);
        router.route("/api/*").handler(ctx -> {
            ctx.response().putHeader(CONTENT_TYPE_OPTIONS, NOSNIFF).putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
            ctx.next();
        });
        router.route("/api/*").handler(crossSite::requireJson);
        bodies.mount(router);
        // The inference endpoints were authenticated by the body gate (any API key), once per request.
        Guard.declare(router.post("/api/v1/chat/completions"), Access.ANY_KEY).handler(inference::chatCompletions);
        Guard.declare(router.post("/api/v1/responses"), Access.ANY_KEY).handler(inference::responses);
        // Any query string is accepted: Claude Code always calls /v1/messages?beta=true.
        Guard.declare(router.post("/api/v1/messages"), Access.ANY_KEY).handler(inference::messages);
        Guard.declare(router.post("/api/v1/messages/count_tokens"), Access.ANY_KEY).handler(inference::countTokens);
        guard.require(router.get("/api/v1/models"), Access.ANY_KEY).handler(models);
        authRoutes.mount(router, guard);
        apiKeyRoutes.mount(router, guard);
        poolRoutes.mount(router, guard);
        byokRoutes.mount(router, guard);
        donationRoutes.mount(router, guard);
        creditsRoutes.mount(router, guard);
        adminRoutes.mount(router, guard);
        logRoutes.mount(router, guard);
        presetRoutes.mount(router, guard);
        analyticsRoutes.mount(router, guard);
        router.route("/api/*").handler(ctx -> ErrorMapper.send(ctx.response(),
                ApiError.notFound("no such endpoint: " + ctx.request().method() + " " + ctx.request().path())));
        pages.accept(router);
        router.route("/api/v1/messages*").failureHandler(ctx -> failure(ctx, ClientWire.ANTHROPIC));
        router.route().failureHandler(ctx -> failure(ctx, ClientWire.OPENAI));
        return router;
    }

    /**
     * What one server runs for each request: {@link #router}, behind the gate that refuses new requests
     * once the node drains ({@link Readiness}).
     */
    public Handler<HttpServerRequest> requests(Vertx vertx, Consumer<Router> pages) {
        return readiness.gate(router(vertx, pages));
    }

    /**
     * The {@code /api/v1} endpoints with who may call each, in mounting order: the contract the
     * README's API table states. A route without a declared {@link Access} is listed with none, so
     * the test that compares the two fails on it.
     */
    public List<ApiRoute> routes(Vertx vertx) {
        List<ApiRoute> routes = new ArrayList<>();
        for (Route route : router(vertx, pages -> {}).getRoutes()) {
            String path = route.getPath();
            if (path == null || !path.startsWith("/api/v1/") || route.methods() == null || route.methods().isEmpty()) continue;
            for (HttpMethod method : route.methods()) {
                routes.add(new ApiRoute(method.name(), path, route.getMetadata(Guard.ACCESS)));
            }
        }
        return routes;
    }

    /**
     * What every connection of the server runs before its first request: the header deadline
     * ({@link HeaderDeadline}), which closes one that does not send a request's headers in time.
     */
    public Handler<HttpConnection> connections() {
        Duration timeout = settings.limits().headerTimeout();
        return connection -> HeaderDeadline.install(connection, timeout);
    }

    /** The caller the gate admitted to an inference request, for the inference pipeline's first step. */
    public static Future<Caller> admittedCaller(RoutingContext ctx) {
        return Guard.caller(ctx);
    }

    private void failure(RoutingContext ctx, ClientWire wire) {
        long limit = bodies.limitFor(ctx.request().path());
        // A refusal before (or while) the body was read: what remains of it is dropped, not held.
        bodies.discardRest(ctx.request());
        if (ctx.failure() != null) {
            wire.sendError(ctx.response(), ErrorMapper.toApiError(ctx.failure()));
            return;
        }
        ApiError error = switch (ctx.statusCode()) {
            case 413 -> ApiError.tooLarge(limit);
            case 404 -> ApiError.notFound("no such endpoint");
            case 405 -> new ApiError(405, "invalid_request_error", "method_not_allowed", "method not allowed on this endpoint");
            case 400 -> ApiError.badRequest("invalid_request", "the request could not be read");
            default -> ApiError.internal();
        };
        wire.sendError(ctx.response(), error);
    }
}
