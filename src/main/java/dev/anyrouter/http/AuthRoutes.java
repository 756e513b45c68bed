package dev.anyrouter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.accounts.AccountStore;
import dev.anyrouter.accounts.DuplicateEmailException;
import dev.anyrouter.accounts.SessionStore;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;

/** Sign-up, log-in and log-out. Password hashing is slow on purpose, so it runs on virtual threads. */
final class AuthRoutes {
    private static final int MIN_PASSWORD = 8;

    private final AccountStore accounts;
    private final SessionStore sessions;
    private final Blocking blocking;
    private final boolean secureCookies;

    AuthRoutes(AccountStore accounts, SessionStore sessions, Blocking blocking, boolean secureCookies) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.blocking = blocking;
        this.secureCookies = secureCookies;
    }

    void mount(Router router, Guard guard) {
        guard.require(router.post("/api/v1/auth/signup"), Access.ANYONE).handler(this::signup);
        guard.require(router.post("/api/v1/auth/login"), Access.ANYONE).handler(this::login);
        guard.require(router.post("/api/v1/auth/logout"), Access.ANYONE).handler(this::logout);
    }

    private void signup(RoutingContext ctx) {
        ObjectNode body = RequestBodies.object(ctx, Set.of("email", "password"));
        String email = email(body);
        char[] password = password(body);
        blocking.run(() -> accounts.signup(email, password))
                .onSuccess(result -> Responses.json(ctx, 201, Map.of(
                        "account_id", result.account().id(),
                        "email", result.account().email(),
                        "api_key", result.apiKey().plaintext(),
                        "api_key_id", result.apiKey().info().id())))
                .onFailure(failure -> ErrorMapper.send(ctx, failure instanceof DuplicateEmailException
                        ? new ApiException(ApiError.conflict("email_taken", "an account with this email already exists: log in instead"))
                        : failure));
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
