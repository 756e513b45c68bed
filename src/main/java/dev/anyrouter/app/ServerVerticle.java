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
                .requestHandler(api.router(vertx, dashboard::mount))
                .listen()
                .onSuccess(server -> port = server.actualPort());
    }

    int port() {
        return port;
    }
}
