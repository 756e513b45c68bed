package dev.anyrouter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.protocol.Json;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /ready} and the drain gate on a real server: ready while the check holds, 503 naming
 * why when it does not, 503 {@code draining} once the node drains, and then every new request but
 * {@code /health} and {@code /ready} refused in its client's wire with the connection closed.
 */
class ReadinessTest {
    final Vertx vertx = Vertx.vertx();
    final Blocking blocking = new Blocking(vertx);
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final AtomicReference<Optional<String>> reason = new AtomicReference<>(Optional.empty());
    final AtomicInteger checks = new AtomicInteger();
    Readiness readiness;
    HttpServer server;

    @BeforeEach
    void start() throws Exception {
        readiness = new Readiness(() -> {
            checks.incrementAndGet();
            try {
                Thread.sleep(100); // a database round trip, long enough for callers to pile up behind it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return reason.get();
        }, blocking);
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> ctx.response().end("{\"status\":\"ok\"}"));
        readiness.mount(router);
        router.post("/api/v1/chat/completions").handler(ctx -> ctx.response().end("served"));
        router.post("/api/v1/messages").handler(ctx -> ctx.response().end("served"));
        router.get("/byok").handler(ctx -> ctx.response().end("page"));
        // HTTP/1 only, as the gateway serves (Gateway's server options).
        server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)).requestHandler(readiness.gate(router)).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        blocking.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void readyWhileTheCheckHoldsAndNamesWhyNotWhenItFails() throws Exception {
        HttpResponse<String> ready = send("GET", "/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(Json.parse(ready.body().getBytes()).path("status").asText()).isEqualTo("ready");

        reason.set(Optional.of("the database does not answer (SQLTransientConnectionException)"));
        Thread.sleep(1_100); // past the second an answer is kept
        HttpResponse<String> unready = send("GET", "/ready");
        assertThat(unready.statusCode()).isEqualTo(503);
        var body = Json.parse(unready.body().getBytes());
        assertThat(body.path("status").asText()).isEqualTo("unready");
        assertThat(body.path("reason").asText()).isEqualTo("the database does not answer (SQLTransientConnectionException)");
        assertThat(send("GET", "/health").statusCode()).as("liveness is not readiness").isEqualTo(200);
    }

    @Test
    void aFloodOfReadyCallsRunsOneCheckAtATime() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(uri("/ready")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (var call : calls) assertThat(call.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        // 200 callers in well under a second: the first check, shared, and at most one more once it is a second old.
        assertThat(checks.get()).isBetween(1, 2);
    }

    @Test
    void aDrainingNodeIsNotReadyAndRefusesNewRequestsInTheirWire() throws Exception {
        assertThat(send("POST", "/api/v1/chat/completions").body()).isEqualTo("served");
        readiness.drain();

        HttpResponse<String> ready = send("GET", "/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(Json.parse(ready.body().getBytes()).path("status").asText()).isEqualTo("draining");
        assertThat(send("GET", "/health").statusCode()).isEqualTo(200);

        HttpResponse<String> chat = send("POST", "/api/v1/chat/completions");
        assertThat(chat.statusCode()).isEqualTo(503);
        assertThat(chat.headers().firstValue("connection")).as("the client goes elsewhere for its next request").hasValue("close");
        var openAi = Json.parse(chat.body().getBytes()).path("error");
        assertThat(openAi.path("code").asText()).isEqualTo("node_draining");
        assertThat(openAi.path("type").asText()).isEqualTo("server_error");

        HttpResponse<String> messages = send("POST", "/api/v1/messages");
        assertThat(messages.statusCode()).isEqualTo(503);
        var anthropic = Json.parse(messages.body().getBytes());
        assertThat(anthropic.path("type").asText()).isEqualTo("error");
        assertThat(anthropic.path("error").path("type").asText()).as("a type Anthropic clients know").isEqualTo("api_error");
        assertThat(anthropic.path("error").path("message").asText()).contains("shutting down");

        HttpResponse<String> page = send("GET", "/byok");
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).contains("shutting down");
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (method.equals("POST")) b.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }
}
