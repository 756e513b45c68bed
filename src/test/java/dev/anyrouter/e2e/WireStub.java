package dev.anyrouter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A small upstream for end-to-end tests that need answers the mock does not give (tool calls,
 * thinking, the Gemini wire): it answers each wire's endpoint with the recorded fixture of the
 * current {@link Scenario} (JSON or SSE, sent event by event), and keeps every request whole
 * (path, query, headers, body) so a test can check exactly what the gateway sent.
 */
final class WireStub implements AutoCloseable {
    /** Which recorded answer each wire gives. */
    enum Scenario { TEXT, PARALLEL_TOOLS, MID_STREAM_ERROR }

    record Received(String path, String query, MultiMap headers, JsonNode body) {}

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Scenario scenario = Scenario.TEXT;

    WireStub() throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    String base() {
        return "http://127.0.0.1:" + port();
    }

    void answer(Scenario scenario) {
        this.scenario = scenario;
        received.clear();
    }

    Received last() {
        return received.getLast();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
            JsonNode json = body.length() == 0 ? null : Json.parse(body.getBytes());
            String path = request.path();
            if (request.method().name().equals("GET")) {
                request.response().putHeader("content-type", "application/json")
                        .end(path.startsWith("/v1beta") ? "{\"models\":[]}" : "{\"data\":[]}");
                return;
            }
            received.add(new Received(path, request.query(), headers, json));
            boolean stream;
            String fixture;
            if (path.equals("/v1/chat/completions")) {
                stream = json.path("stream").asBoolean(false);
                fixture = switch (scenario) {
                    case TEXT -> stream ? "openai/chat-stream-with-usage.sse" : "openai/chat-response-text.json";
                    case PARALLEL_TOOLS -> stream ? "openai/chat-stream-parallel-tool-calls.sse"
                            : "openai/chat-response-parallel-tool-calls.json";
                    case MID_STREAM_ERROR -> "openai/chat-stream-with-usage.sse";
                };
            } else if (path.equals("/v1/messages")) {
                stream = json.path("stream").asBoolean(false);
                fixture = switch (scenario) {
                    case TEXT -> stream ? "anthropic/stream-text.sse" : "anthropic/response-text.json";
                    case PARALLEL_TOOLS -> stream ? "anthropic/stream-tool-use.sse" : "anthropic/response-tool-use.json";
                    case MID_STREAM_ERROR -> "anthropic/stream-overloaded.sse";
                };
            } else if (path.startsWith("/v1beta/models/")) {
                stream = path.endsWith(":streamGenerateContent");
                fixture = switch (scenario) {
                    case TEXT -> stream ? "gemini/stream-text.sse" : "gemini/response-text.json";
                    case PARALLEL_TOOLS -> stream ? "gemini/stream-function-calls.sse" : "gemini/response-parallel-function-calls.json";
                    case MID_STREAM_ERROR -> "gemini/stream-text.sse";
                };
            } else {
                request.response().setStatusCode(404).end();
                return;
            }
            byte[] bytes = fixture(fixture);
            if (!stream) {
                request.response().putHeader("content-type", "application/json").end(Buffer.buffer(bytes));
                return;
            }
            request.response().setChunked(true).putHeader("content-type", "text/event-stream");
            // One write per event, so the gateway sees the stream arrive in pieces.
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            String separator = text.contains("\r\n\r\n") ? "\r\n\r\n" : "\n\n";
            for (String event : text.split(separator)) {
                if (!event.isBlank()) request.response().write(event + separator);
            }
            request.response().end();
        });
    }

    private static byte[] fixture(String path) {
        try (InputStream in = WireStub.class.getResourceAsStream("/wire/" + path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
