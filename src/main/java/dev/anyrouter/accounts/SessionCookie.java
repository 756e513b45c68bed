package dev.anyrouter.accounts;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * The dashboard session cookie, the one shape the JSON API and the dashboard both set: HttpOnly,
 * SameSite=Strict, path {@code /}, {@code Secure} when the browser reaches the gateway over TLS
 * ({@code --public-url https://…} or {@code --secure-cookies}), and kept until the session's
 * absolute lifetime ends.
 */
public final class SessionCookie {
    /** The cookie's name. */
    public static final String NAME = "ar_session";

    private final boolean secure;
    private final Clock clock;

    /** Cookies marked {@code Secure} or not, aged by {@code clock}. */
    public SessionCookie(boolean secure, Clock clock) {
        this.secure = secure;
        this.clock = clock;
    }

    /** Whether cookies carry {@code Secure}. */
    public boolean secure() {
        return secure;
    }

    /** The session token the request carries, or null. */
    public static String token(HttpServerRequest request) {
        Cookie cookie = request.getCookie(NAME);
        return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }

    /** Sets the cookie for a new (or rotated) session. */
    public void set(HttpServerResponse response, SessionStore.NewSession session) {
        long seconds = Math.max(0, Duration.between(clock.instant(), session.session().expiresAt()).toSeconds());
        response.addCookie(base(session.token()).setMaxAge(seconds));
    }

    /** Tells the browser to drop the cookie. */
    public void clear(HttpServerResponse response) {
        response.addCookie(base("").setMaxAge(0));
    }

    private Cookie base(String value) {
        return Cookie.cookie(NAME, value).setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setPath("/").setSecure(secure);
    }
}
