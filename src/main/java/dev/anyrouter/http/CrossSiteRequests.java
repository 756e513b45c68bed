package dev.anyrouter.http;

import dev.anyrouter.accounts.SessionCookie;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Locale;

/**
 * Refuses what another site's page can make a browser send. A page elsewhere can post a form (or a
 * {@code text/plain} body) to any URL, with the browser's cookies for it: so a JSON endpoint takes a
 * body only as {@code application/json} (415 otherwise; a form cannot send that type without the
 * browser asking first, and nobody here answers yes), which keeps a forged form from logging a victim
 * into an attacker's account. As a second line, a change made with the session cookie and no API key
 * must come from a page of this gateway: an {@code Origin} (or {@code Sec-Fetch-Site}) that says
 * otherwise gets 403 {@code cross_site_request}. Requests without those headers (curl, SDKs) pass.
 */
final class CrossSiteRequests {
    private final URI publicUrl;

    /** @param publicUrl the address browsers use behind a proxy that rewrites {@code Host} (nullable) */
    CrossSiteRequests(URI publicUrl) {
        this.publicUrl = publicUrl;
    }

    /**
     * On {@code /api/*}, before the body is read (nothing of a refused one is held): a body must be
     * JSON. A request without a body needs no type.
     */
    void requireJson(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String type = request.getHeader("content-type");
        if (BodyGate.hasBody(request) && !isJson(type)) {
            ctx.fail(new ApiException(new ApiError(415, "invalid_request_error", "unsupported_media_type",
                    "send the body as JSON with 'Content-Type: application/json'" + (type == null ? "" : ", not '" + clip(type) + "'"))));
            return;
        }
        ctx.next();
    }

    /** On every route: a change riding on the session cookie must come from this gateway's own pages. */
    void requireSameOrigin(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (changesState(request.method()) && SessionCookie.token(request) != null && Authenticator.presentedKey(request) == null
                && !fromHere(request)) {
            ctx.fail(new ApiException(ApiError.forbidden("cross_site_request",
                    "this change came from a page of another site; make it from the dashboard itself"
                            + (publicUrl == null ? " (behind a proxy that rewrites Host, start the gateway with --public-url)" : ""))));
            return;
        }
        ctx.next();
    }

    private boolean fromHere(HttpServerRequest request) {
        String site = request.getHeader("sec-fetch-site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) return false;
        String origin = request.getHeader("origin");
        if (origin == null) return true; // not a browser's cross-origin request: browsers send Origin on those
        URI from;
        try {
            from = URI.create(origin.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (from.getHost() == null) return false; // "null": a sandboxed or opaque page
        String authority = authority(from);
        if (publicUrl != null && authority.equals(authority(publicUrl))) return true;
        String host = request.getHeader("host");
        return host != null && authority.equals(withoutDefaultPort(host.strip().toLowerCase(Locale.ROOT), from.getScheme()));
    }

    private static String authority(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return withoutDefaultPort(uri.getPort() < 0 ? host : host + ":" + uri.getPort(), uri.getScheme());
    }

    private static String withoutDefaultPort(String authority, String scheme) {
        String port = "https".equalsIgnoreCase(scheme) ? ":443" : ":80";
        return authority.endsWith(port) ? authority.substring(0, authority.length() - port.length()) : authority;
    }

    private static boolean isJson(String type) {
        if (type == null) return false;
        int semicolon = type.indexOf(';');
        String media = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
        return media.equalsIgnoreCase("application/json");
    }

    private static boolean changesState(HttpMethod method) {
        return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
    }

    private static String clip(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() <= 80 ? clean : clean.substring(0, 80) + "…";
    }
}
