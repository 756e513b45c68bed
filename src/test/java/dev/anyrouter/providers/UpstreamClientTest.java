package dev.anyrouter.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpstreamClientTest {
    private Vertx vertx;
    private HttpServer server;
    private final List<String> connections = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(req -> {
                    connections.add(req.connection().remoteAddress().toString());
                    req.response().end("ok");
                })
                .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** A verticle that gets its own pool and makes its calls on its own loop. */
    private static final class Loop extends VerticleBase {
        private final UpstreamClient client;

        Loop(UpstreamClient client) {
            this.client = client;
        }

        @Override
        public Future<?> start() {
            client.serveFrom(context, 2);
            return Future.succeededFuture();
        }

        Future<String> call(URI uri) {
            return Future.<String>future(p -> context.runOnContext(v -> client
                    .send(new UpstreamCall(HttpMethod.GET, uri, MultiMap.caseInsensitiveMultiMap(), null))
                    .compose(response -> response.body())
                    .map(body -> body.toString())
                    .onComplete(p)));
        }
    }

    @Test
    void eachEventLoopReachesUpstreamsOverConnectionsOfItsOwn() throws Exception {
        UpstreamAddressGuard guard = UpstreamAddressGuard.system(true);
        UpstreamClient client = new UpstreamClient(vertx, guard, task -> vertx.executeBlocking(task),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 10);
        Loop first = new Loop(client);
        Loop second = new Loop(client);
        vertx.deployVerticle(first).await(10, TimeUnit.SECONDS);
        vertx.deployVerticle(second).await(10, TimeUnit.SECONDS);
        URI uri = URI.create("http://127.0.0.1:" + server.actualPort() + "/");

        // Sequential calls: one shared pool would reuse its one idle connection for all four.
        for (Loop loop : List.of(first, second, first, second)) {
            assertThat(loop.call(uri).await(10, TimeUnit.SECONDS)).isEqualTo("ok");
        }

        assertThat(connections).hasSize(4);
        assertThat(connections.get(0)).isEqualTo(connections.get(2));
        assertThat(connections.get(1)).isEqualTo(connections.get(3));
        assertThat(connections.get(0)).isNotEqualTo(connections.get(1));
    }
}
