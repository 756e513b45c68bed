package dev.anyrouter.web;

import dev.anyrouter.accounts.Account;
import dev.anyrouter.accounts.AccountStore;
import dev.anyrouter.accounts.SessionStore;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Function;

/**
 * The door to every signed-in page. It reads the session cookie that {@code /api/v1/auth/login}
 * and the login page both set, sends anyone without a live session to the login page (which
 * brings them back after), and refuses a state-changing request whose form does not carry the
 * session's CSRF token.
 */
final class SessionGate {
    /** The cookie name {@code http.Authenticator} reads too: one session for the API and the dashboard. */
    static final String COOKIE = "ar_session";
    static final String CSRF_FIELD = "_csrf";
    private static final String CSRF_HEADER = "x-csrf-token";

    private final SessionStore sessions;
    private final AccountStore accounts;
    private final Blocking blocking;
    private final Renderer renderer;

    SessionGate(SessionStore sessions, AccountStore accounts, Blocking blocking, Renderer renderer) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.blocking = blocking;
        this.renderer = renderer;
    }

    /** Runs {@code page} for a signed-in user with a valid CSRF token (on POST); anyone else is turned away. */
    void serve(RoutingContext ctx, Function<WebSession, Future<Reply>> page) {
        renderer.send(ctx, current(ctx).compose(found -> {
            if (found.isEmpty()) return Future.succeededFuture(Reply.redirect(loginUrl(ctx)));
            WebSession session = found.get();
            if (ctx.request().method() != HttpMethod.GET && !csrfMatches(presentedCsrf(ctx), session.csrfToken())) {
                return Future.succeededFuture(new Reply.Page(403, "message.jte", new MessageView(
                        Chrome.of(session, "Form expired", ""), "This form has expired",
                        "The page was open too long or came from somewhere else, so nothing was changed. Reload it and try again.",
                        "/byok", "Back to your keys")));
            }
            return page.apply(session);
        }));
    }

    /** The signed-in user, if the request carries a live session cookie. */
    Future<Optional<WebSession>> current(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(COOKIE);
        if (cookie == null) return Future.succeededFuture(Optional.empty());
        String token = cookie.getValue();
        return blocking.run(() -> sessions.find(token).flatMap(session -> accounts.find(session.accountId())
                .map((Account account) -> new WebSession(account.id(), account.email(), session.csrfToken()))));
    }

    static boolean csrfMatches(String presented, String expected) {
        return presented != null && expected != null && MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static String presentedCsrf(RoutingContext ctx) {
        String field = ctx.request().getFormAttribute(CSRF_FIELD);
        return field != null ? field : ctx.request().getHeader(CSRF_HEADER);
    }

    private static String loginUrl(RoutingContext ctx) {
        // After a form post there is no page to return to; the page the form was on is the referer's, not ours to trust.
        String back = ctx.request().method() == HttpMethod.GET ? ctx.request().uri() : "/byok";
        return "/login?next=" + URLEncoder.encode(NextPath.safe(back), StandardCharsets.UTF_8);
    }
}
