package dev.anyrouter.http;

import dev.anyrouter.protocol.Json;
import dev.anyrouter.providers.exchange.ClientWire;
import dev.anyrouter.providers.exchange.NodeDraining;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether a load balancer should send this node traffic. {@code GET /ready} answers 200 while the
 * node can serve (its {@link Check} holds: the database answers, its schema is the one this node
 * knows, the vault opens, other nodes' changes are heard) and 503 naming why not, or that the node
 * is draining; {@code GET /health} stays liveness (200 while the process serves at all).
 *
 * <p>Once {@link #drain()} is called every new request but those two is refused with a 503
 * ({@link NodeDraining}, in the client's wire) and {@code Connection: close}, so a client on a kept-
 * alive connection goes elsewhere; requests already running are not touched here.
 *
 * <p>The check costs a database round trip, so its answer is kept for a second and at most one runs
 * at a time (callers meanwhile share its answer): a flood of {@code /ready} calls costs about one
 * check a second, not one each.
 */
public final class Readiness {
    /** What must hold for the node to be ready: the reason when it does not. Blocking and bounded. */
    @FunctionalInterface
    public interface Check {
        Optional<String> unready();
    }

    private static final long FRESH_NANOS = 1_000_000_000L;

    private final Check check;
    private final Blocking blocking;
    private final AtomicReference<Future<Optional<String>>> pending = new AtomicReference<>();
    private volatile Checked last;
    private volatile boolean draining;

    private record Checked(long atNanos, Optional<String> reason) {}

    public Readiness(Check check, Blocking blocking) {
        this.check = check;
        this.blocking = blocking;
    }

    /** From now on the node is draining: not ready, and refusing new requests. */
    public void drain() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    /** Serves {@code GET /ready}. */
    void mount(Router router) {
        router.get("/ready").handler(this::ready);
    }

    /**
     * The server's request handler: {@code requests} while the node serves; once it drains, a 503
     * for anything but {@code /health} and {@code /ready}. One volatile read per request.
     */
    Handler<HttpServerRequest> gate(Handler<HttpServerRequest> requests) {
        return request -> {
            if (!draining) {
                requests.handle(request);
                return;
            }
            String path = request.path();
            if ("/health".equals(path) || "/ready".equals(path)) {
                requests.handle(request);
                return;
            }
            request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            if (path.startsWith("/api/v1/messages")) ClientWire.ANTHROPIC.sendError(request.response(), NodeDraining.ERROR);
            else if (path.startsWith("/api/")) ClientWire.OPENAI.sendError(request.response(), NodeDraining.ERROR);
            else request.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                        .end("This AnyRouter node is shutting down. Reload the page.\n");
        };
    }

    private void ready(RoutingContext ctx) {
        if (draining) {
            answer(ctx, Optional.of("draining"), true);
            return;
        }
        Checked known = last;
        if (known != null && System.nanoTime() - known.atNanos() < FRESH_NANOS) {
            answer(ctx, known.reason(), false);
            return;
        }
        Context here = ctx.vertx().getOrCreateContext();
        checked().onComplete(reason -> here.runOnContext(v -> answer(ctx, draining ? Optional.of("draining") : reason.result(), draining)));
    }

    /** The check running now, joined, or a new one: never two at once. */
    private Future<Optional<String>> checked() {
        while (true) {
            Future<Optional<String>> running = pending.get();
            if (running != null) return running;
            Promise<Optional<String>> mine = Promise.promise();
            if (!pending.compareAndSet(null, mine.future())) continue;
            blocking.run(check::unready).onComplete(done -> {
                Optional<String> reason = done.succeeded() ? done.result()
                        : Optional.of("the readiness check failed (" + done.cause().getClass().getSimpleName() + ")");
                last = new Checked(System.nanoTime(), reason);
                pending.set(null);
                mine.complete(reason);
            });
            return mine.future();
        }
    }

    private static void answer(RoutingContext ctx, Optional<String> reason, boolean draining) {
        var body = Json.object().put("status", reason.isEmpty() ? "ready" : draining ? "draining" : "unready");
        reason.filter(r -> !draining).ifPresent(r -> body.put("reason", r));
        ctx.response().setStatusCode(reason.isEmpty() ? 200 : 503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(io.vertx.core.buffer.Buffer.buffer(Json.bytes(body)));
    }
}
