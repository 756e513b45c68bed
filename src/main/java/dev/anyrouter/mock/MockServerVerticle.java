package dev.anyrouter.mock;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/** One event loop's listener; several share the port so the mock is never a benchmark's bottleneck. */
final class MockServerVerticle extends VerticleBase {

    private final Handler<HttpServerRequest> handler;
    private final String host;
    private final int port;
    private volatile HttpServer server;

    MockServerVerticle(Handler<HttpServerRequest> handler, String host, int port) {
        this.handler = handler;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = new HttpServerOptions().setTcpNoDelay(true).setIdleTimeout(0);
        return vertx.createHttpServer(options)
                .requestHandler(handler)
                .listen(port, host)
                .onSuccess(listening -> server = listening);
    }

    @Override
    public Future<?> stop() {
        HttpServer listening = server;
        return listening == null ? Future.succeededFuture() : listening.close();
    }

    int actualPort() {
        return server.actualPort();
    }
}
