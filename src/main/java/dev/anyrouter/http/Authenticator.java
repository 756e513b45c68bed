package dev.anyrouter.http;

import com.github.benmanes.caffeine.cache.Cache;
import dev.anyrouter.accounts.ApiKeyFormat;
import dev.anyrouter.accounts.ApiKeyInfo;
import dev.anyrouter.accounts.ApiKeyStore;
import dev.anyrouter.accounts.Caller;
import dev.anyrouter.accounts.SessionStore;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.store.Blocking;
import dev.anyrouter.store.Caches;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;

/**
 * Turns a request's credentials into a {@link Caller}: an AnyRouter API key in
 * {@code Authorization: Bearer} or {@code x-api-key}, or, for management routes, the
 * dashboard's session cookie with its CSRF token on every state-changing request. Known API
 * keys are cached by hash for a short time so the request path does no database work.
 */
public final class Authenticator {
    static final String SESSION_COOKIE = "ar_session";
    static final String CSRF_HEADER = "x-csrf-token";

    private static final Duration TTL = Duration.ofSeconds(60);
    private static final int MAX_CACHED = 100_000;

    private final ApiKeyStore apiKeys;
    private final SessionStore sessions;
    private final Blocking blocking;
    private final Cache<String, ApiKeyInfo> byHash;

    public Authenticator(ApiKeyStore apiKeys, SessionStore sessions, Blocking blocking, Clock clock) {
        this.apiKeys = apiKeys;
        this.sessions = sessions;
        this.blocking = blocking;
        this.byHash = Caches.expiring(TTL, MAX_CACHED, clock);
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
        ApiKeyInfo hit = byHash.getIfPresent(hash);
        if (hit != null) return Future.succeededFuture(Caller.of(hit));
        return blocking.run(() -> apiKeys.authenticate(presented)).compose(found -> {
            if (found.isEmpty()) return Future.failedFuture(invalidKey());
            byHash.put(hash, found.get());
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
        byHash.asMap().values().removeIf(info -> info.id().equals(apiKeyId));
    }

    /** Forgets every key of the account (it was disabled): the next request looks its key up again. */
    public void forgetAccount(String accountId) {
        byHash.asMap().values().removeIf(info -> info.accountId().equals(accountId));
    }

    /** Forgets every key (this node may have missed a revocation). */
    public void forgetAll() {
        byHash.invalidateAll();
    }

    static String presentedKey(HttpServerRequest request) {
        return presentedKey(request.getHeader("authorization"), request.getHeader("x-api-key"));
    }

    /** The key in {@code Authorization: Bearer …}, else in {@code x-api-key}; null when neither carries one. */
    static String presentedKey(String authorization, String xApiKey) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).strip();
            return key.isEmpty() ? null : key;
        }
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
