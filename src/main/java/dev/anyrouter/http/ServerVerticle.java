package dev.anyrouter.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** One HTTP server on one event loop; the gateway deploys one per loop. */
final class ServerVerticle extends VerticleBase {
    private final HttpServerOptions options;
    private final GatewayParts parts;
    private volatile int port;

    ServerVerticle(HttpServerOptions options, GatewayParts parts) {
        this.options = options;
        this.parts = parts;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(options)
                .requestHandler(GatewayRoutes.router(vertx, parts))
                .listen()
                .onSuccess(server -> port = server.actualPort());
    }

    int port() {
        return port;
    }
}
