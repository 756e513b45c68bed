package dev.anyrouter.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An upstream answer is read whole only up to its limit; past it the call fails and its connection is let go. */
class AnswerBodiesTest {
    private Vertx vertx;
    private HttpServer server;
    private HttpClient client;
    private final AtomicLong sent = new AtomicLong();
    private final CompletableFuture<Void> upstreamSawClose = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        server = vertx.createHttpServer().requestHandler(req -> {
            HttpServerResponse response = req.response();
            req.connection().closeHandler(v -> upstreamSawClose.complete(null));
            switch (req.path()) {
                case "/small" -> response.end("{\"ok\":true}");
                case "/declared" -> response.putHeader("content-length", String.valueOf(1L << 30)).write(chunk);
                default -> { // an endless chunked body: a gigabyte, as far as the reader is concerned
                    response.setChunked(true);
                    Runnable[] more = new Runnable[1];
                    more[0] = () -> {
                        while (!response.writeQueueFull() && !response.closed() && sent.get() < (1L << 30)) {
                            response.write(chunk);
                            sent.addAndGet(chunk.length());
                        }
                        if (!response.closed()) response.drainHandler(v -> more[0].run());
                    };
                    more[0].run();
                }
            }
        }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private Buffer read(String path, long limit) throws Exception {
        return client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", path)
                .compose(request -> request.send())
                .compose(response -> AnswerBodies.read(response, limit))
                .await(20, TimeUnit.SECONDS);
    }

    @Test
    void anAnswerWithinTheLimitIsReadWhole() throws Exception {
        assertThat(read("/small", 1024).toString()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void anEndlessAnswerFailsAtTheLimitAndItsConnectionIsClosed() throws Exception {
        assertThatThrownBy(() -> read("/endless", 1 << 20))
                .isInstanceOf(AnswerBodies.AnswerTooLargeException.class).hasMessageContaining(String.valueOf(1 << 20));
        upstreamSawClose.get(10, TimeUnit.SECONDS);
        assertThat(sent.get()).as("the upstream stopped being read long before a gigabyte").isLessThan(1L << 28);
    }

    @Test
    void anAnswerDeclaredLargerThanTheLimitFailsBeforeItIsRead() throws Exception {
        assertThatThrownBy(() -> read("/declared", 1 << 20)).isInstanceOf(AnswerBodies.AnswerTooLargeException.class);
        upstreamSawClose.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aValidationAnswerKeepsABoundedModelList() {
        StringBuilder body = new StringBuilder("{\"data\":[");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String id = i % 10 == 3 ? "x".repeat(1_000) : "model-" + i;
            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\"}");
            if (id.length() <= 256 && expected.size() < 100) expected.add(id);
        }
        List<String> kept = KeyValidator.modelIds(body.append("]}").toString().getBytes(), new KeyValidator.Limits(1 << 20, 100, 256));
        assertThat(kept).containsExactlyElementsOf(expected);
    }
}
