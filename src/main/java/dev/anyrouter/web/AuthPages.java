package dev.anyrouter.web;

import dev.anyrouter.accounts.AccountStore;
import dev.anyrouter.accounts.DuplicateEmailException;
import dev.anyrouter.accounts.Onboarding;
import dev.anyrouter.accounts.SessionStore;
import dev.anyrouter.accounts.SignupResult;
import dev.anyrouter.http.Blocking;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Sign up, log in, log out. The session is the same one {@code /api/v1/auth/login} creates
 * (SessionStore, cookie HttpOnly + SameSite=Strict); a login returns the user to the page that
 * sent them to it.
 */
final class AuthPages {
    /** The same minimum the API's sign-up asks for. */
    private static final int MIN_PASSWORD = 8;

    private final AccountStore accounts;
    private final Onboarding onboarding;
    private final SessionStore sessions;
    private final Blocking blocking;
    private final Clock clock;
    private final boolean secureCookies;
    private final FormToken formToken;
    private final SessionGate gate;
    private final Renderer renderer;

    AuthPages(AccountStore accounts, Onboarding onboarding, SessionStore sessions, Blocking blocking, Clock clock,
              boolean secureCookies, FormToken formToken, SessionGate gate, Renderer renderer) {
        this.accounts = accounts;
        this.onboarding = onboarding;
        this.sessions = sessions;
        this.blocking = blocking;
        this.clock = clock;
        this.secureCookies = secureCookies;
        this.formToken = formToken;
        this.gate = gate;
        this.renderer = renderer;
    }

    void mount(Router router) {
        PageRoutes.get(router, "/", ctx -> renderer.send(ctx, Future.succeededFuture(Reply.redirect(NextPath.HOME))));
        PageRoutes.get(router, "/login", ctx -> showForm(ctx, false));
        PageRoutes.get(router, "/signup", ctx -> showForm(ctx, true));
        PageRoutes.post(router, "/login", this::login);
        PageRoutes.post(router, "/signup", this::signup);
        PageRoutes.post(router, "/logout", ctx -> gate.serve(ctx, session -> logout(ctx)));
    }

    private void showForm(RoutingContext ctx, boolean signup) {
        String next = NextPath.safe(ctx.request().getParam("next"));
        renderer.send(ctx, gate.current(ctx).map(found -> found.isPresent() ? Reply.redirect(next)
                : Reply.page("auth.jte", new AuthView(signup, formToken.issue(ctx), next, null, null))));
    }

    private void login(RoutingContext ctx) {
        String next = NextPath.safe(ctx.request().getFormAttribute("next"));
        String email = field(ctx, "email");
        char[] password = field(ctx, "password").toCharArray();
        if (!FormToken.matches(ctx)) {
            renderer.send(ctx, Future.succeededFuture(refused(ctx, false, next, email, 403,
                    "This form has expired. Try again.")));
            return;
        }
        renderer.send(ctx, blocking.run(() -> accounts.login(email, password).map(account -> sessions.create(account.id())))
                .map(created -> {
                    if (created.isEmpty()) return refused(ctx, false, next, email, 401, "Wrong email or password.");
                    setSessionCookie(ctx, created.get());
                    return Reply.redirect(next);
                }));
    }

    private void signup(RoutingContext ctx) {
        String email = field(ctx, "email").strip();
        char[] password = field(ctx, "password").toCharArray();
        if (!FormToken.matches(ctx)) {
            renderer.send(ctx, Future.succeededFuture(refused(ctx, true, NextPath.HOME, email, 403, "This form has expired. Try again.")));
            return;
        }
        if (password.length < MIN_PASSWORD) {
            renderer.send(ctx, Future.succeededFuture(refused(ctx, true, NextPath.HOME, email, 400,
                    "Choose a password of at least " + MIN_PASSWORD + " characters.")));
            return;
        }
        // The grant's limits count the address the sign-up came from.
        String address = ctx.request().remoteAddress().hostAddress();
        Future<Reply> reply = blocking.run(() -> {
            SignupResult result = onboarding.signup(email, password, address);
            return new SignedUp(result, sessions.create(result.account().id()));
        }).map(made -> {
            SignupResult result = made.result();
            SessionStore.NewSession session = made.session();
            setSessionCookie(ctx, session);
            WebSession signedIn = new WebSession(result.account().id(), result.account().email(), session.session().csrfToken());
            return (Reply) Reply.page("welcome.jte", new WelcomeView(Chrome.of(signedIn, "Welcome", "quickstart"),
                    result.apiKey().plaintext(), BaseUrl.of(ctx), result.grant().message(),
                    !(result.grant() instanceof dev.anyrouter.billing.OpeningGrant.Granted)));
        }).recover(failure -> switch (failure) {
            case DuplicateEmailException e -> Future.succeededFuture(refused(ctx, true, NextPath.HOME, email, 409,
                    "An account with this email already exists: log in instead."));
            case IllegalArgumentException e -> Future.succeededFuture(refused(ctx, true, NextPath.HOME, email, 400,
                    "Enter an email address like name@example.com."));
            default -> Future.failedFuture(failure);
        });
        renderer.send(ctx, reply);
    }

    /** A new account and its first session; both records redact their secrets in toString. */
    private record SignedUp(SignupResult result, SessionStore.NewSession session) {}

    private Future<Reply> logout(RoutingContext ctx) {
        String token = Optional.ofNullable(ctx.request().getCookie(SessionGate.COOKIE)).map(Cookie::getValue).orElse(null);
        return blocking.run(() -> {
            sessions.delete(token);
            return null;
        }).map(v -> {
            ctx.response().addCookie(Cookie.cookie(SessionGate.COOKIE, "").setPath("/").setMaxAge(0)
                    .setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(secureCookies));
            return Reply.redirect("/login");
        });
    }

    private Reply refused(RoutingContext ctx, boolean signup, String next, String email, int status, String error) {
        return new Reply.Page(status, "auth.jte", new AuthView(signup, formToken.issue(ctx), next, email, error));
    }

    private void setSessionCookie(RoutingContext ctx, SessionStore.NewSession session) {
        ctx.response().addCookie(Cookie.cookie(SessionGate.COOKIE, session.token())
                .setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setPath("/").setSecure(secureCookies)
                .setMaxAge(Duration.between(clock.instant(), session.session().expiresAt()).toSeconds()));
    }

    private static String field(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null ? "" : value;
    }
}
