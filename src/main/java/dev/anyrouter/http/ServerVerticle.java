package dev.anyrouter.http;

import dev.anyrouter.providers.UpstreamClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;

/** One HTTP server on one event loop; the gateway deploys one per loop. */
final class ServerVerticle extends VerticleBase {
    private final HttpServerOptions options;
    private final GatewayParts parts;
    private final UpstreamClient upstream;
    private final int loops;
    private volatile int port;

    ServerVerticle(HttpServerOptions options, GatewayParts parts, UpstreamClient upstream, int loops) {
        this.options = options;
        this.parts = parts;
        this.upstream = upstream;
        this.loops = loops;
    }

    @Override
    public Future<?> start() {
        // Requests served here reach upstreams over connections owned by this same loop.
        upstream.serveFrom(context, loops);
        Duration headerTimeout = parts.settings().limits().headerTimeout();
        return vertx.createHttpServer(options)
                .connectionHandler(connection -> HeaderDeadline.install(connection, headerTimeout))
                .requestHandler(GatewayRoutes.router(vertx, parts))
                .listen()
                .onSuccess(server -> port = server.actualPort());
    }

    int port() {
        return port;
    }
}
