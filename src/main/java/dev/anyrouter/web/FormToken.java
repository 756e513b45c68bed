package dev.anyrouter.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * CSRF protection for the forms shown before there is a session (log in, sign up): a random
 * token in a SameSite=Strict cookie that the form must echo (double submit), so another site
 * cannot log a browser into an account of its choosing.
 */
final class FormToken {
    static final String COOKIE = "ar_form";
    private static final int BYTES = 32;
    private static final int ENCODED_LENGTH = 43;

    private final SecureRandom random;
    private final boolean secureCookies;

    FormToken(SecureRandom random, boolean secureCookies) {
        this.random = random;
        this.secureCookies = secureCookies;
    }

    /** This browser's token: the one its cookie holds, or a new one set as the cookie. */
    String issue(RoutingContext ctx) {
        Cookie existing = ctx.request().getCookie(COOKIE);
        if (existing != null && existing.getValue().length() == ENCODED_LENGTH) return existing.getValue();
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ctx.response().addCookie(Cookie.cookie(COOKIE, token).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setPath("/").setSecure(secureCookies).setMaxAge(3600));
        return token;
    }

    /** True when the posted form echoes the cookie's token. */
    static boolean matches(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(COOKIE);
        return cookie != null && SessionGate.csrfMatches(ctx.request().getFormAttribute(SessionGate.CSRF_FIELD), cookie.getValue());
    }
}
