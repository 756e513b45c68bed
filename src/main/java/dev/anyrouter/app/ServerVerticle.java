package dev.anyrouter.app;

import dev.anyrouter.http.HttpApi;
import dev.anyrouter.providers.UpstreamClient;
import dev.anyrouter.web.Dashboard;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** One HTTP server on one event loop; the gateway deploys one per loop. */
final class ServerVerticle extends VerticleBase {
    private final HttpServerOptions options;
    private final HttpApi api;
    private final Dashboard dashboard;
    private final UpstreamClient upstream;
    private final int loops;
    private volatile int port;
    private volatile HttpServer server;

    ServerVerticle(HttpServerOptions options, HttpApi api, Dashboard dashboard, UpstreamClient upstream, int loops) {
        this.options = options;
        this.api = api;
        this.dashboard = dashboard;
        this.upstream = upstream;
        this.loops = loops;
    }

    @Override
    public Future<?> start() {
        // Requests served here reach upstreams over connections owned by this same loop.
        upstream.serveFrom(context, loops);
        return vertx.createHttpServer(options)
                .connectionHandler(api.connections())
                .requestHandler(api.requests(vertx, dashboard::mount))
                .listen()
                .onSuccess(listening -> {
                    server = listening;
                    port = listening.actualPort();
                });
    }

    /**
     * Stops accepting connections; each open one is closed once its requests are answered (an idle
     * one at once), or when {@code patience} runs out.
     */
    Future<Void> shutdown(java.time.Duration patience) {
        HttpServer listening = server;
        return listening == null ? Future.succeededFuture() : listening.shutdown(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    int port() {
        return port;
    }
}
