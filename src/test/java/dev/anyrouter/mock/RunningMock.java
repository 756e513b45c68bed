package dev.anyrouter.mock;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A mock upstream on a free loopback port, with a plain HTTP client for its admin API and raw wire tests. */
final class RunningMock implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final Vertx vertx = Vertx.vertx();
    final MockUpstream mock;
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    RunningMock() {
        this.mock = await(MockUpstream.start(vertx, "127.0.0.1", 0));
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String base() {
        return "http://127.0.0.1:" + mock.port();
    }

    /** openai-java pointed at the mock, validating every response strictly and never retrying. */
    OpenAIClient openAi(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(base() + "/v1")
                .apiKey(key)
                .maxRetries(0)
                .responseValidation(true)
                .build();
    }

    /** anthropic-java pointed at the mock, validating every response strictly and never retrying. */
    AnthropicClient anthropic(String key) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(base())
                .apiKey(key)
                .maxRetries(0)
                .responseValidation(true)
                .build();
    }

    /** Clears scripts and recorded requests so tests do not see each other's. */
    void reset() {
        send("DELETE", "/_mock/script", null, null);
        send("DELETE", "/_mock/requests", null, null);
    }

    void script(String json) {
        HttpResponse<String> response = send("POST", "/_mock/script", null, json);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("script refused: " + response.body());
        }
    }

    HttpResponse<String> send(String method, String path, String key, String body) {
        try {
            return http.send(request(method, path, key, body).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request whose key travels in Google's {@code x-goog-api-key} header (none when {@code key} is null). */
    HttpResponse<String> sendGoogle(String method, String pathAndQuery, String key, String body) {
        HttpRequest.Builder request = request(method, pathAndQuery, null, body);
        if (key != null) {
            request.header("x-goog-api-key", key);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String method, String path, String key, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("content-type", "application/json");
        }
        if (key != null) {
            builder.header("authorization", "Bearer " + key);
        }
        return builder;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        await(mock.close());
        await(vertx.close());
        http.close();
    }
}
