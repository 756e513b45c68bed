package dev.anyrouter.web;

import dev.anyrouter.accounts.ClientAddress;
import dev.anyrouter.accounts.DuplicateEmailException;
import dev.anyrouter.accounts.HashingBusyException;
import dev.anyrouter.accounts.SessionCookie;
import dev.anyrouter.accounts.SessionStore;
import dev.anyrouter.accounts.SignIn;
import dev.anyrouter.accounts.SignupResult;
import dev.anyrouter.accounts.TooManyAttemptsException;
import dev.anyrouter.accounts.WeakPasswordException;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Sign up, log in, log out. The session is the same one {@code /api/v1/auth/login} creates
 * (SessionStore, {@link SessionCookie}), and so are the guessing limits ({@link SignIn}); a login
 * returns the user to the page that sent them to it.
 */
final class AuthPages {
    private final SignIn signIn;
    private final SessionStore sessions;
    private final Blocking blocking;
    private final SessionCookie cookie;
    private final ClientAddress clients;
    private final FormToken formToken;
    private final SessionGate gate;
    private final Renderer renderer;
    private final Flash flash;

    AuthPages(SignIn signIn, SessionStore sessions, Blocking blocking, SessionCookie cookie, ClientAddress clients,
              FormToken formToken, SessionGate gate, Renderer renderer, Flash flash) {
        this.flash = flash;
        this.signIn = signIn;
        this.sessions = sessions;
        this.blocking = blocking;
        this.cookie = cookie;
        this.clients = clients;
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
        PageRoutes.get(router, "/welcome", ctx -> gate.serve(ctx, session -> Future.succeededFuture(welcome(ctx, session))));
    }

    private void showForm(RoutingContext ctx, boolean signup) {
        String next = NextPath.safe(ctx.request().getParam("next"));
        renderer.send(ctx, gate.current(ctx).map(found -> found.isPresent() ? Reply.redirect(next)
                : Reply.page("auth.jte", new AuthView(signup, formToken.issue(ctx), next, null, null,
                        !signup && "logged_out".equals(ctx.request().getParam("notice")) ? "You are logged out." : null))));
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
        String address = clients.of(ctx.request());
        String previous = SessionCookie.token(ctx.request());
        String userAgent = ctx.request().getHeader("user-agent");
        renderer.send(ctx, blocking.run(() -> signIn.login(email, password, address, previous, userAgent))
                .map(created -> {
                    if (created.isEmpty()) return refused(ctx, false, next, email, 401, "Wrong email or password.");
                    cookie.set(ctx.response(), created.get());
                    return Reply.redirect(next);
                })
                .recover(failure -> limited(ctx, false, next, email, failure)));
    }

    private void signup(RoutingContext ctx) {
        String email = field(ctx, "email").strip();
        char[] password = field(ctx, "password").toCharArray();
        if (!FormToken.matches(ctx)) {
            renderer.send(ctx, Future.succeededFuture(refused(ctx, true, NextPath.HOME, email, 403, "This form has expired. Try again.")));
            return;
        }
        String address = clients.of(ctx.request());
        String userAgent = ctx.request().getHeader("user-agent");
        Future<Reply> reply = blocking.run(() -> {
            SignupResult result = signIn.signup(email, password, address);
            return new SignedUp(result, sessions.create(result.account().id(), userAgent));
        }).map(made -> {
            SignupResult result = made.result();
            SessionStore.NewSession session = made.session();
            cookie.set(ctx.response(), session);
            WebSession signedIn = new WebSession(result.account().id(), result.account().email(), session.session().csrfToken());
            // Post/redirect/get: the first API key goes to the welcome page through the new session's flash, never a URL.
            flash.put(signedIn, new WelcomeView.Once(result.apiKey().plaintext(), result.grant().message(),
                    !(result.grant() instanceof dev.anyrouter.billing.OpeningGrant.Granted)));
            return Reply.redirect("/welcome");
        }).recover(failure -> switch (failure) {
            case DuplicateEmailException e -> Future.succeededFuture(refused(ctx, true, NextPath.HOME, email, 409,
                    "An account with this email already exists: log in instead."));
            case WeakPasswordException e -> Future.succeededFuture(refused(ctx, true, NextPath.HOME, email, 400,
                    sentence(e.getMessage())));
            case IllegalArgumentException e -> Future.succeededFuture(refused(ctx, true, NextPath.HOME, email, 400,
                    "Enter an email address like name@example.com."));
            default -> limited(ctx, true, NextPath.HOME, email, failure);
        });
        renderer.send(ctx, reply);
    }

    /** A new account and its first session; both records redact their secrets in toString. */
    private record SignedUp(SignupResult result, SessionStore.NewSession session) {}

    /** The form again with a 429 or 503 and {@code Retry-After}, for the two refusals that say "not now"; other failures pass on. */
    private Future<Reply> limited(RoutingContext ctx, boolean signup, String next, String email, Throwable failure) {
        return switch (failure) {
            case TooManyAttemptsException e -> {
                ctx.response().putHeader("retry-after", Long.toString(e.retryAfterSeconds()));
                yield Future.succeededFuture(refused(ctx, signup, next, email, 429, "Too many failed attempts from here or for"
                        + " this account. Try again in " + Formats.waitFor(e.retryAfterSeconds()) + "."));
            }
            case HashingBusyException e -> {
                ctx.response().putHeader("retry-after", "1");
                yield Future.succeededFuture(refused(ctx, signup, next, email, 503, "Too many sign-ins at once. Try again in a moment."));
            }
            default -> Future.failedFuture(failure);
        };
    }

    private Future<Reply> logout(RoutingContext ctx) {
        String token = SessionCookie.token(ctx.request());
        return blocking.run(() -> {
            sessions.delete(token);
            return null;
        }).map(v -> {
            cookie.clear(ctx.response());
            return Reply.redirect("/login?notice=logged_out");
        });
    }

    /** The page after sign-up: the first API key this once; a reload (the flash taken) says where to make another. */
    private Reply welcome(RoutingContext ctx, WebSession session) {
        WelcomeView.Once once = flash.take(session, WelcomeView.Once.class).orElse(null);
        return Reply.page("welcome.jte", new WelcomeView(Chrome.of(session, "Welcome", "quickstart"), once, BaseUrl.of(ctx)));
    }

    private Reply refused(RoutingContext ctx, boolean signup, String next, String email, int status, String error) {
        return new Reply.Page(status, "auth.jte", new AuthView(signup, formToken.issue(ctx), next, email, error, null));
    }

    /** The policy's advice as a sentence for the page. */
    static String sentence(String advice) {
        if (advice.isEmpty()) return advice;
        return Character.toUpperCase(advice.charAt(0)) + advice.substring(1) + (advice.endsWith(".") ? "" : ".");
    }

    private static String field(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null ? "" : value;
    }
}
