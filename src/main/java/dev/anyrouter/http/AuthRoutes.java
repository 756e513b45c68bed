package dev.anyrouter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.accounts.AccountStore;
import dev.anyrouter.accounts.DuplicateEmailException;
import dev.anyrouter.accounts.Onboarding;
import dev.anyrouter.billing.OpeningGrant;
import dev.anyrouter.accounts.SessionStore;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Sign-up, e-mail verification, log-in and log-out. Password hashing is slow on purpose, so it runs
 * on virtual threads.
 */
final class AuthRoutes {
    private static final int MIN_PASSWORD = 8;

    private final AccountStore accounts;
    private final Onboarding onboarding;
    private final SessionStore sessions;
    private final Blocking blocking;
    private final boolean secureCookies;

    AuthRoutes(AccountStore accounts, Onboarding onboarding, SessionStore sessions, Blocking blocking, boolean secureCookies) {
        this.accounts = accounts;
        this.onboarding = onboarding;
        this.sessions = sessions;
        this.blocking = blocking;
        this.secureCookies = secureCookies;
    }

    void mount(Router router) {
        router.post("/api/v1/auth/signup").handler(this::signup);
        router.post("/api/v1/auth/verify-email").handler(this::verifyEmail);
        router.post("/api/v1/auth/login").handler(this::login);
        router.post("/api/v1/auth/logout").handler(this::logout);
    }

    private void signup(RoutingContext ctx) {
        ObjectNode body = RequestBodies.object(ctx, Set.of("email", "password"));
        String email = email(body);
        char[] password = password(body);
        // The grant's limits count the address the sign-up came from.
        String address = ctx.request().remoteAddress().hostAddress();
        blocking.run(() -> onboarding.signup(email, password, address))
                .onSuccess(result -> {
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("account_id", result.account().id());
                    v.put("email", result.account().email());
                    v.put("api_key", result.apiKey().plaintext());
                    v.put("api_key_id", result.apiKey().info().id());
                    v.put("credit_grant", grant(result.grant()));
                    Responses.json(ctx, 201, v);
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure instanceof DuplicateEmailException
                        ? new ApiException(ApiError.conflict("email_taken", "an account with this email already exists: log in instead"))
                        : failure));
    }

    /** {@code POST /api/v1/auth/verify-email {"token"}}: the token from the verification mail's link. */
    private void verifyEmail(RoutingContext ctx) {
        String token = RequestBodies.requiredText(RequestBodies.object(ctx, Set.of("token")), "token", 128);
        blocking.run(() -> onboarding.verify(token))
                .onSuccess(verified -> {
                    if (verified.isEmpty()) {
                        ErrorMapper.send(ctx.response(), ApiError.badRequest("invalid_token", "this verification token is unknown,"
                                + " used already or expired: ask for a new link on the dashboard's credits page"));
                        return;
                    }
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("account_id", verified.get().accountId());
                    v.put("email_verified", true);
                    verified.get().grant().ifPresent(g -> v.put("credit_grant", grant(g)));
                    Responses.json(ctx, 200, v);
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    /** What the answer says of the opening grant: given or not, how much, and in words why. */
    static Map<String, Object> grant(OpeningGrant grant) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("status", grant.status());
        v.put("usd", switch (grant) {
            case OpeningGrant.Granted g -> g.micros() / 1_000_000.0;
            case OpeningGrant.AwaitingEmail a -> a.micros() / 1_000_000.0;
            case OpeningGrant.Withheld w -> 0.0;
            case OpeningGrant.None n -> 0.0;
        });
        v.put("message", grant.message());
        return v;
    }

    private void login(RoutingContext ctx) {
        ObjectNode body = RequestBodies.object(ctx, Set.of("email", "password"));
        String email = email(body);
        char[] password = password(body);
        blocking.run(() -> accounts.login(email, password).map(account -> sessions.create(account.id())))
                .onSuccess(created -> {
                    if (created.isEmpty()) {
                        ErrorMapper.send(ctx.response(), new ApiError(401, "authentication_error", "invalid_credentials",
                                "wrong email or password"));
                        return;
                    }
                    var session = created.get();
                    ctx.response().addCookie(Cookie.cookie(Authenticator.SESSION_COOKIE, session.token())
                            .setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setPath("/").setSecure(secureCookies)
                            .setMaxAge(java.time.Duration.between(java.time.Instant.now(), session.session().expiresAt()).toSeconds()));
                    Responses.json(ctx, 200, Map.of("account_id", session.session().accountId(),
                            "csrf_token", session.session().csrfToken()));
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void logout(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(Authenticator.SESSION_COOKIE);
        if (cookie == null) {
            Responses.noContent(ctx);
            return;
        }
        String token = cookie.getValue();
        blocking.run(() -> {
                    sessions.delete(token);
                    return null;
                })
                .onSuccess(v -> {
                    ctx.response().addCookie(Cookie.cookie(Authenticator.SESSION_COOKIE, "").setPath("/").setMaxAge(0)
                            .setHttpOnly(true).setSameSite(CookieSameSite.STRICT));
                    Responses.noContent(ctx);
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private static String email(ObjectNode body) {
        String email = RequestBodies.requiredText(body, "email", 254).strip();
        int at = email.indexOf('@');
        if (at < 1 || at != email.lastIndexOf('@') || at == email.length() - 1 || email.chars().anyMatch(Character::isWhitespace)) {
            throw RequestBodies.bad("'email' is not a valid email address");
        }
        return email;
    }

    private static char[] password(ObjectNode body) {
        String password = RequestBodies.requiredText(body, "password", 1024);
        if (password.length() < MIN_PASSWORD) throw RequestBodies.bad("'password' must be at least " + MIN_PASSWORD + " characters");
        return password.toCharArray();
    }
}
