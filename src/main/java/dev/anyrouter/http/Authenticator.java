package dev.anyrouter.http;

import dev.anyrouter.accounts.ApiKeyFormat;
import dev.anyrouter.accounts.ApiKeyInfo;
import dev.anyrouter.accounts.ApiKeyStore;
import dev.anyrouter.accounts.Caller;
import dev.anyrouter.accounts.SessionStore;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a request's credentials into a {@link Caller}: an AnyRouter API key in
 * {@code Authorization: Bearer} or {@code x-api-key}, or, for management routes, the
 * dashboard's session cookie with its CSRF token on every state-changing request. Known API
 * keys are cached by hash for a short time so the request path does no database work.
 */
public final class Authenticator {
    static final String SESSION_COOKIE = "ar_session";
    static final String CSRF_HEADER = "x-csrf-token";

    private record CachedKey(ApiKeyInfo info, Instant until) {}

    private static final Duration TTL = Duration.ofSeconds(60);
    private static final int MAX_CACHED = 100_000;

    private final ApiKeyStore apiKeys;
    private final SessionStore sessions;
    private final Blocking blocking;
    private final Clock clock;
    private final Map<String, CachedKey> byHash = new ConcurrentHashMap<>();

    public Authenticator(ApiKeyStore apiKeys, SessionStore sessions, Blocking blocking, Clock clock) {
        this.apiKeys = apiKeys;
        this.sessions = sessions;
        this.blocking = blocking;
        this.clock = clock;
    }

    /** API key only: the inference endpoints. */
    public Future<Caller> apiKey(HttpServerRequest request) {
        String presented = presentedKey(request);
        if (presented == null) {
            return Future.failedFuture(new ApiException(ApiError.unauthorized(
                    "missing API key: send 'Authorization: Bearer sk-ar-…' (create one with POST /api/v1/auth/signup or at /keys)")));
        }
        if (!ApiKeyFormat.isWellFormed(presented)) return Future.failedFuture(invalidKey());
        String hash = ApiKeyFormat.sha256Hex(presented);
        CachedKey hit = byHash.get(hash);
        if (hit != null && hit.until().isAfter(clock.instant())) {
            return Future.succeededFuture(Caller.of(hit.info()));
        }
        return blocking.run(() -> apiKeys.authenticate(presented)).compose(found -> {
            if (found.isEmpty()) return Future.failedFuture(invalidKey());
            if (byHash.size() >= MAX_CACHED) byHash.clear();
            byHash.put(hash, new CachedKey(found.get(), clock.instant().plus(TTL)));
            return Future.succeededFuture(Caller.of(found.get()));
        });
    }

    /** API key or dashboard session: the management endpoints. */
    Future<Caller> apiKeyOrSession(HttpServerRequest request) {
        if (presentedKey(request) != null) return apiKey(request);
        Cookie cookie = request.getCookie(SESSION_COOKIE);
        if (cookie == null) return apiKey(request);
        String token = cookie.getValue();
        return blocking.run(() -> sessions.find(token)).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new ApiException(ApiError.unauthorized("your session has expired: log in again")));
            }
            if (changesState(request.method()) && !csrfMatches(request.getHeader(CSRF_HEADER), found.get().csrfToken())) {
                return Future.failedFuture(new ApiException(ApiError.forbidden("csrf_failed",
                        "missing or wrong CSRF token: send the " + CSRF_HEADER + " header from your session")));
            }
            return Future.succeededFuture(Caller.session(found.get().accountId()));
        });
    }

    /** Forgets a revoked key at once rather than when its cache entry expires. */
    public void forget(String apiKeyId) {
        byHash.values().removeIf(c -> c.info().id().equals(apiKeyId));
    }

    static String presentedKey(HttpServerRequest request) {
        String auth = request.getHeader("authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = auth.substring(7).strip();
            return key.isEmpty() ? null : key;
        }
        String xApiKey = request.getHeader("x-api-key");
        return xApiKey == null || xApiKey.isBlank() ? null : xApiKey.strip();
    }

    private static boolean changesState(HttpMethod method) {
        return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
    }

    private static boolean csrfMatches(String presented, String expected) {
        return presented != null && expected != null && MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiException invalidKey() {
        return new ApiException(ApiError.unauthorized("invalid API key: check the key, or create a new one at /keys"));
    }

}
