package dev.anyrouter.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One request to the gateway whose answer is read line by line as it arrives, on a thread of its
 * own: a test can wait for a stream's first content, do something meanwhile, and then read every
 * line the client was sent, up to how the answer ended.
 */
final class OpenStream {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstContent = new CountDownLatch(1);
    private final CompletableFuture<Answer> answer;

    /** How the answer began: its status and headers. */
    record Answer(int status, java.net.http.HttpHeaders headers) {}
    private volatile long endedNanos;

    private OpenStream(HttpClient http, String url, String bearer, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("content-type", "application/json").header("authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        // Read on a thread of its own: a blocking read in the client's completion stage would hold the
        // client's selector thread, and with it every other answer on the same client.
        this.answer = CompletableFuture.supplyAsync(() -> {
            HttpResponse<java.util.stream.Stream<String>> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            } catch (java.io.IOException | InterruptedException e) {
                firstContent.countDown();
                throw new java.util.concurrent.CompletionException(e);
            }
            try (var body = response.body()) {
                body.forEach(line -> {
                    lines.add(line);
                    if (line.contains("\"content\":\"") || line.contains("\"text_delta\"") || line.contains("\"output_text\"")) {
                        firstContent.countDown();
                    }
                });
            } catch (RuntimeException cut) {
                lines.add("<cut: " + cut.getClass().getSimpleName() + ">"); // a connection closed mid-answer
            } finally {
                endedNanos = System.nanoTime();
                firstContent.countDown();
            }
            return new Answer(response.statusCode(), response.headers());
        }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    }

    /** Sends {@code json} to {@code url} (a full gateway URL) with the API key {@code bearer}. */
    static OpenStream post(HttpClient http, String url, String bearer, String json) {
        return new OpenStream(http, url, bearer, json);
    }

    /** Waits until the client was sent its first content (or the answer ended without any). */
    OpenStream awaitContent() throws InterruptedException {
        if (!firstContent.await(60, TimeUnit.SECONDS)) throw new AssertionError("no content within 60 s: " + lines);
        return this;
    }

    /** The answer's status and headers once it has ended whole. */
    Answer ended() throws Exception {
        return answer.get(120, TimeUnit.SECONDS);
    }

    /** When the last line arrived (System.nanoTime), once {@link #ended} returned. */
    long endedNanos() {
        return endedNanos;
    }

    String requestId() throws Exception {
        return ended().headers().firstValue("x-anyrouter-request-id").orElseThrow(() -> new AssertionError("no request id"));
    }

    String text() {
        return String.join("\n", lines);
    }
}
