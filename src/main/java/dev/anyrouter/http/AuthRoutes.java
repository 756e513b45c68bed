package dev.anyrouter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.accounts.ClientAddress;
import dev.anyrouter.accounts.DuplicateEmailException;
import dev.anyrouter.accounts.Onboarding;
import dev.anyrouter.accounts.SessionCookie;
import dev.anyrouter.accounts.SessionInfo;
import dev.anyrouter.billing.OpeningGrant;
import dev.anyrouter.accounts.SessionStore;
import dev.anyrouter.accounts.SignIn;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.RequestFields;
import dev.anyrouter.store.Blocking;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Sign-up, e-mail verification, log-in and log-out; the password and the sessions of an account. Password hashing is
 * slow on purpose, so it runs on virtual threads, and {@link SignIn} bounds the guessing.
 */
final class AuthRoutes {
    private final SignIn signIn;
    private final Onboarding onboarding;
    private final SessionStore sessions;
    private final Blocking blocking;
    private final SessionCookie cookie;
    private final ClientAddress clients;

    AuthRoutes(SignIn signIn, Onboarding onboarding, SessionStore sessions, Blocking blocking, SessionCookie cookie,
               ClientAddress clients) {
        this.signIn = signIn;
        this.onboarding = onboarding;
        this.sessions = sessions;
        this.blocking = blocking;
        this.cookie = cookie;
        this.clients = clients;
    }

    void mount(Router router, Guard guard) {
        guard.require(router.post("/api/v1/auth/signup"), Access.ANYONE).handler(this::signup);
        guard.require(router.post("/api/v1/auth/verify-email"), Access.ANYONE).handler(this::verifyEmail);
        guard.require(router.post("/api/v1/auth/login"), Access.ANYONE).handler(this::login);
        guard.require(router.post("/api/v1/auth/logout"), Access.ANYONE).handler(this::logout);
        guard.require(router.post("/api/v1/auth/password"), Access.MANAGEMENT).handler(this::changePassword);
        guard.require(router.get("/api/v1/auth/sessions"), Access.MANAGEMENT).handler(this::listSessions);
        guard.require(router.delete("/api/v1/auth/sessions"), Access.MANAGEMENT).handler(this::signOutEverywhere);
        guard.require(router.delete("/api/v1/auth/sessions/:id"), Access.MANAGEMENT).handler(this::endSession);
    }

    private void signup(RoutingContext ctx) {
        ObjectNode body = RequestBodies.object(ctx, Set.of("email", "password"));
        String email = email(body);
        char[] password = RequestFields.requiredText(body, "password", 1024).toCharArray();
        // The address counts against guessing and against the opening grant's limits.
        String address = clients.of(ctx.request());
        blocking.run(() -> signIn.signup(email, password, address))
                .onSuccess(result -> {
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("account_id", result.account().id());
                    v.put("email", result.account().email());
                    v.put("api_key", result.apiKey().plaintext());
                    v.put("api_key_id", result.apiKey().info().id());
                    v.put("credit_grant", grant(result.grant()));
                    JsonReplies.json(ctx, 201, v);
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure instanceof DuplicateEmailException
                        ? new ApiException(ApiError.conflict("email_taken", "an account with this email already exists: log in instead"))
                        : failure));
    }

    /** {@code POST /api/v1/auth/verify-email {"token"}}: the token from the verification mail's link. */
    private void verifyEmail(RoutingContext ctx) {
        String token = RequestFields.requiredText(RequestBodies.object(ctx, Set.of("token")), "token", 128);
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
                    JsonReplies.json(ctx, 200, v);
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
        char[] password = RequestFields.requiredText(body, "password", 1024).toCharArray();
        String address = clients.of(ctx.request());
        String previous = SessionCookie.token(ctx.request());
        String userAgent = ctx.request().getHeader("user-agent");
        blocking.run(() -> signIn.login(email, password, address, previous, userAgent))
                .onSuccess(created -> {
                    if (created.isEmpty()) {
                        ErrorMapper.send(ctx.response(), new ApiError(401, "authentication_error", "invalid_credentials",
                                "wrong email or password"));
                        return;
                    }
                    cookie.set(ctx.response(), created.get());
                    JsonReplies.json(ctx, 200, Map.of("account_id", created.get().session().accountId(),
                            "csrf_token", created.get().session().csrfToken()));
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void logout(RoutingContext ctx) {
        String token = SessionCookie.token(ctx.request());
        if (token == null) {
            JsonReplies.noContent(ctx);
            return;
        }
        blocking.run(() -> {
                    sessions.delete(token);
                    return null;
                })
                .onSuccess(v -> {
                    cookie.clear(ctx.response());
                    JsonReplies.noContent(ctx);
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    /** {@code {current_password, new_password}}: ends every other session; the caller's own session gets a new token. */
    private void changePassword(RoutingContext ctx) {
        ObjectNode body = RequestBodies.object(ctx, Set.of("current_password", "new_password"));
        char[] current = RequestFields.requiredText(body, "current_password", 1024).toCharArray();
        char[] next = RequestFields.requiredText(body, "new_password", 1024).toCharArray();
        String address = clients.of(ctx.request());
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> signIn.changePassword(caller.accountId(), current, next, address,
                        caller.apiKeyId() == null ? SessionCookie.token(ctx.request()) : null)))
                .onSuccess(changed -> {
                    if (changed.isEmpty()) {
                        ErrorMapper.send(ctx.response(), new ApiError(403, "permission_error", "wrong_password",
                                "the current password is wrong; nothing was changed"));
                        return;
                    }
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("sessions_ended", changed.get().sessionsEnded());
                    if (changed.get().rotated() != null) {
                        cookie.set(ctx.response(), changed.get().rotated());
                        answer.put("csrf_token", changed.get().rotated().session().csrfToken());
                    }
                    JsonReplies.json(ctx, 200, answer);
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void listSessions(RoutingContext ctx) {
        String token = SessionCookie.token(ctx.request());
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> {
                    String current = caller.apiKeyId() == null && token != null
                            ? sessions.find(token).map(s -> s.id()).orElse(null) : null;
                    return sessions.list(caller.accountId()).stream().map(s -> view(s, current)).toList();
                }))
                .onSuccess(list -> JsonReplies.json(ctx, 200, Map.of("data", list)))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    /** Sign out everywhere: every session of the account ends, the caller's own included. */
    private void signOutEverywhere(RoutingContext ctx) {
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> sessions.deleteAllFor(caller.accountId())))
                .onSuccess(ended -> {
                    cookie.clear(ctx.response());
                    JsonReplies.json(ctx, 200, Map.of("sessions_ended", ended));
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void endSession(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> sessions.end(caller.accountId(), id)))
                .onSuccess(ended -> {
                    if (ended) JsonReplies.noContent(ctx);
                    else ErrorMapper.send(ctx.response(), ApiError.notFound("no session with id " + id));
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private static Map<String, Object> view(SessionInfo s, String currentId) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", s.id());
        v.put("created_at", s.createdAt().toString());
        v.put("last_seen_at", s.lastSeenAt().toString());
        v.put("expires_at", s.expiresAt().toString());
        v.put("user_agent", s.userAgent());
        v.put("current", s.id().equals(currentId));
        return v;
    }

    private static String email(ObjectNode body) {
        String email = RequestFields.requiredText(body, "email", 254).strip();
        int at = email.indexOf('@');
        if (at < 1 || at != email.lastIndexOf('@') || at == email.length() - 1 || email.chars().anyMatch(Character::isWhitespace)) {
            throw RequestFields.bad("'email' is not a valid email address");
        }
        return email;
    }
}
