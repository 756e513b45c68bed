package dev.anyrouter.web;

import dev.anyrouter.accounts.ClientAddress;
import dev.anyrouter.accounts.HashingBusyException;
import dev.anyrouter.accounts.Session;
import dev.anyrouter.accounts.SessionCookie;
import dev.anyrouter.accounts.SessionInfo;
import dev.anyrouter.accounts.SessionStore;
import dev.anyrouter.accounts.SignIn;
import dev.anyrouter.accounts.TooManyAttemptsException;
import dev.anyrouter.accounts.WeakPasswordException;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * {@code /account}: the password and the sessions, the same rules as {@code /api/v1/auth/password}
 * and {@code /api/v1/auth/sessions} ({@link SignIn}, {@link SessionStore}). A password change signs
 * out every other browser and gives this one a new session token; "sign out everywhere" ends every
 * session, this one included.
 */
final class SecurityPages {
    private final SignIn signIn;
    private final SessionStore sessions;
    private final Blocking blocking;
    private final SessionCookie cookie;
    private final ClientAddress clients;
    private final Clock clock;
    private final SessionGate gate;
    private final Flash flash;

    SecurityPages(SignIn signIn, SessionStore sessions, Blocking blocking, SessionCookie cookie,
                  ClientAddress clients, Clock clock, SessionGate gate, Flash flash) {
        this.flash = flash;
        this.signIn = signIn;
        this.sessions = sessions;
        this.blocking = blocking;
        this.cookie = cookie;
        this.clients = clients;
        this.clock = clock;
        this.gate = gate;
    }

    void mount(Router router) {
        PageRoutes.get(router, "/account", ctx -> gate.serve(ctx, session -> page(ctx, session, 200,
                flash.take(session, Done.class).map(Done::text).orElse(null), null)));
        PageRoutes.post(router, "/account/password", ctx -> gate.serve(ctx, session -> changePassword(ctx, session)));
        PageRoutes.post(router, "/account/sessions/end-all", ctx -> gate.serve(ctx, session -> endAll(ctx, session)));
        PageRoutes.post(router, "/account/sessions/:id/end", ctx -> gate.serve(ctx, session -> end(ctx, session)));
    }

    private Future<Reply> changePassword(RoutingContext ctx, WebSession session) {
        char[] current = field(ctx, "current_password").toCharArray();
        char[] next = field(ctx, "new_password").toCharArray();
        String address = clients.of(ctx.request());
        String token = SessionCookie.token(ctx.request());
        return blocking.run(() -> signIn.changePassword(session.accountId(), current, next, address, token))
                .compose(changed -> {
                    if (changed.isEmpty()) return page(ctx, session, 403, null, "The current password is wrong; nothing was changed.");
                    SignIn.PasswordChange done = changed.get();
                    WebSession now = session;
                    if (done.rotated() != null) {
                        cookie.set(ctx.response(), done.rotated());
                        now = new WebSession(session.accountId(), session.email(), done.rotated().session().csrfToken());
                    }
                    // Post/redirect/get: a reload must not send the password form again.
                    flash.put(now, new Done("Password changed. " + signedOut(done.sessionsEnded())));
                    return Future.succeededFuture(Reply.redirect("/account"));
                })
                .recover(failure -> switch (failure) {
                    case WeakPasswordException e -> page(ctx, session, 400, null, AuthPages.sentence(e.getMessage()));
                    case TooManyAttemptsException e -> {
                        ctx.response().putHeader("retry-after", Long.toString(e.retryAfterSeconds()));
                        yield page(ctx, session, 429, null, "Too many wrong passwords. Try again in "
                                + Formats.waitFor(e.retryAfterSeconds()) + ".");
                    }
                    case HashingBusyException e -> {
                        ctx.response().putHeader("retry-after", "1");
                        yield page(ctx, session, 503, null, "Too many sign-ins at once. Try again in a moment.");
                    }
                    default -> Future.failedFuture(failure);
                });
    }

    private Future<Reply> endAll(RoutingContext ctx, WebSession session) {
        return blocking.run(() -> sessions.deleteAllFor(session.accountId())).map(ended -> {
            cookie.clear(ctx.response());
            return Reply.redirect("/login");
        });
    }

    private Future<Reply> end(RoutingContext ctx, WebSession session) {
        String id = ctx.pathParam("id");
        String token = SessionCookie.token(ctx.request());
        return blocking.run(() -> {
            boolean mine = token != null && sessions.find(token).map(Session::id).filter(id::equals).isPresent();
            return sessions.end(session.accountId(), id) ? (mine ? Ended.THIS : Ended.OTHER) : Ended.NONE;
        }).compose(ended -> switch (ended) {
            case THIS -> {
                cookie.clear(ctx.response());
                yield Future.succeededFuture(Reply.redirect("/login"));
            }
            case OTHER -> {
                flash.put(session, new Done("That browser is signed out."));
                yield Future.succeededFuture(Reply.redirect("/account"));
            }
            case NONE -> Future.succeededFuture(Reply.notFound(chrome(session), "You have no signed-in session with that id."));
        });
    }

    private enum Ended { THIS, OTHER, NONE }

    /** What the last form on /account did, shown once on the page its redirect opens. */
    private record Done(String text) {}

    private Future<Reply> page(RoutingContext ctx, WebSession session, int status, String notice, String error) {
        String token = SessionCookie.token(ctx.request());
        return blocking.run(() -> {
            String currentId = token == null ? null : sessions.find(token).map(Session::id).orElse(null);
            var rows = sessions.list(session.accountId()).stream().map(s -> row(s, currentId)).toList();
            return (Reply) new Reply.Page(status, "account.jte", new SecurityView(chrome(session), rows, notice, error));
        });
    }

    private SecurityView.Row row(SessionInfo s, String currentId) {
        String device = s.userAgent() == null || s.userAgent().isBlank() ? "unknown browser" : s.userAgent();
        return new SecurityView.Row(s.id(), device, Formats.stamp(s.createdAt()), Formats.ago(s.lastSeenAt(), clock.instant()),
                Formats.stamp(s.lastSeenAt()), Formats.stamp(s.expiresAt()), s.id().equals(currentId));
    }

    private static String signedOut(int n) {
        return n == 0 ? "No other browser was signed in." : n == 1 ? "1 other browser was signed out." : n + " other browsers were signed out.";
    }

    private static Chrome chrome(WebSession session) {
        return Chrome.of(session, "Account", "account");
    }

    private static String field(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null ? "" : value;
    }
}
