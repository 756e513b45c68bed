package dev.anyrouter.http;

import dev.anyrouter.accounts.Caller;
import dev.anyrouter.config.Limits;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Set;

/**
 * What a request must show before its body is read. A body whose {@code Content-Length} is over
 * its route's limit is refused with 413 at once, before any authentication work (and, for a client
 * that sent {@code Expect: 100-continue}, before it sends the body); one without a length is cut
 * off when it passes the limit while being read. An inference request is authenticated before its
 * body is read (up to 8 MiB that only a caller may make us hold), and a management request that
 * carries a body but no credentials at all is refused with 401 unread: a caller who is not one
 * never has their body judged (one with wrong credentials is refused by the route's {@link Guard}
 * before its handler reads the body).
 */
final class BodyGate {
    static final List<String> INFERENCE_PATHS = List.of(
            "/api/v1/chat/completions", "/api/v1/responses", "/api/v1/messages", "/api/v1/messages/count_tokens");

    /** Management routes that are called before one has credentials. */
    private static final Set<String> PUBLIC_PATHS = Set.of("/api/v1/auth/signup", "/api/v1/auth/login", "/api/v1/auth/logout");

    private final Limits limits;
    private final Authenticator auth;

    BodyGate(Limits limits, Authenticator auth) {
        this.limits = limits;
        this.auth = auth;
    }

    /** Mounts the gate and the body readers on {@code /api}, before any route that reads a body. */
    void mount(Router router) {
        BodyHandler inferenceBody = BodyHandler.create(false).setBodyLimit(limits.inferenceBodyBytes());
        // A gate and a body reader each on a route of its own: Vert.x wants body handlers first on a
        // route. Neither route names a method, so the route table (HttpApi#routes) lists only the endpoints.
        for (String path : INFERENCE_PATHS) {
            router.route(path).handler(this::inference);
            router.route(path).handler(inferenceBody);
        }
        router.route("/api/*").handler(this::management);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(limits.managementBodyBytes()));
    }

    /** The limit that applies to {@code path}'s body. */
    long limitFor(String path) {
        return INFERENCE_PATHS.contains(path) ? limits.inferenceBodyBytes() : limits.managementBodyBytes();
    }

    private void inference(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.method() != HttpMethod.POST) {
            ctx.next(); // the router answers 404/405; nothing is read
            return;
        }
        if (declaredLength(request) > limits.inferenceBodyBytes()) {
            ctx.fail(413);
            return;
        }
        // Held unread while the key is checked (a cache hit answers at once; a miss asks the store).
        request.pause();
        Future<Caller> caller = auth.apiKey(request);
        caller.onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            Guard.admitted(ctx, done.result());
            ctx.next();
        });
    }

    private void management(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (INFERENCE_PATHS.contains(request.path())) {
            ctx.next(); // already through the inference gate (or not a POST, which the endpoint answers)
            return;
        }
        if (declaredLength(request) > limits.managementBodyBytes()) {
            ctx.fail(413);
            return;
        }
        if (hasBody(request) && !PUBLIC_PATHS.contains(request.path()) && !presentsCredentials(request)) {
            ctx.fail(new ApiException(ApiError.unauthorized(
                    "missing credentials: send 'Authorization: Bearer sk-ar-…' or sign in to the dashboard")));
            return;
        }
        ctx.next();
    }

    /**
     * After an answer to a request whose body was never read (refused by its length or its
     * credentials): the rest of the body is read and dropped, so the client reads the answer
     * instead of a reset and the connection can serve its next request; a client that keeps
     * sending past an inference body's worth is disconnected.
     */
    void discardRest(HttpServerRequest request) {
        if (request.isEnded()) return;
        long cap = limits.inferenceBodyBytes();
        long[] seen = {0};
        request.handler(chunk -> {
            seen[0] += chunk.length();
            if (seen[0] > cap) request.response().reset();
        });
        request.endHandler(null);
        request.resume();
    }

    private static boolean presentsCredentials(HttpServerRequest request) {
        return Authenticator.presentedKey(request) != null || request.getCookie(Authenticator.SESSION_COOKIE) != null;
    }

    /** Whether the request says it carries a body (a length over zero, or a chunked one). */
    static boolean hasBody(HttpServerRequest request) {
        return declaredLength(request) > 0 || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    /** The {@code Content-Length} the client declared, or -1 when it declared none (or nonsense). */
    private static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null || value.isEmpty()) return -1;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
