package dev.anyrouter.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * One provider's HTTP API as the mock speaks it. Adding a provider is one class implementing
 * this; keys, scripts, delays, recording and stream pacing are shared by {@link UpstreamHandler}
 * and {@link SsePump}.
 */
interface Wire {

    /** Whether this wire answers the request, judged by path and headers only. */
    boolean claims(HttpServerRequest request);

    /** Reads key, model and intent from the request; never throws, a bad request becomes a problem. */
    Call read(HttpServerRequest request, Buffer body);

    /** Answers with the provider's error shape for {@code refusal}. */
    void refuse(HttpServerResponse response, Refusal refusal);

    /** The key in {@code Authorization: Bearer <key>}, or {@code null} when there is none. */
    static String bearerKey(HttpServerRequest request) {
        String authorization = request.getHeader("authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = authorization.substring(7).trim();
        return key.isEmpty() ? null : key;
    }
}
