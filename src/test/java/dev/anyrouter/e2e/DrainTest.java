package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway told to drain (what SIGTERM does) while it serves: it refuses new requests (503
 * {@code node_draining}, the connection closed; once nothing is open it stops listening), lets
 * a stream that ends within the drain deadline end as usual, and at the deadline ends each request
 * still open in its client's wire, never by cutting the connection: an OpenAI stream with its error
 * event (which the official SDK raises), an Anthropic stream with its {@code error} event, a request
 * still waiting for its upstream with a 503, each {@code node_draining}. Every request has its usage
 * record once the drain returns, and none of it counts against the keys.
 */
class DrainTest {
    static final long DEADLINE_MS = 4_000;
    static final String CHAT = "/api/v1/chat/completions";

    @TempDir
    Path dir;

    Stack stack;
    final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
        threads.shutdownNow();
    }

    @Test
    void aDrainingNodeLetsShortAnswersFinishAndEndsTheRestInTheirWireWithEveryUsageRecordWritten() throws Exception {
        stack = new Stack(dir, Map.of("drain-deadline-ms", Long.toString(DEADLINE_MS)));
        String quick = owner("quick@example.com", "openai", "sk-mock-drain-quick-0a01", "{\"chunks\":8,\"chunk_interval_ms\":100}");
        String slow = owner("slow@example.com", "openai", "sk-mock-drain-slow-0b02", "{\"chunks\":3000,\"chunk_interval_ms\":100}");
        String waiting = owner("waiting@example.com", "openai", "sk-mock-drain-wait-0c03", "{\"delay_ms\":60000}");
        String claude = owner("claude@example.com", "anthropic", "sk-ant-mock-drain-slow-0d04", "{\"chunks\":3000,\"chunk_interval_ms\":100}");
        String sdk = owner("sdk@example.com", "openai", "sk-mock-drain-sdk-0e05", "{\"chunks\":3000,\"chunk_interval_ms\":100}");
        String base = "http://127.0.0.1:" + stack.gateway.port();

        OpenStream slowStream = OpenStream.post(http, base + CHAT, slow, chat(true)).awaitContent();
        OpenStream claudeStream = OpenStream.post(http, base + "/api/v1/messages", claude,
                "{\"model\":\"anthropic/claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").awaitContent();
        OpenStream waitingAnswer = OpenStream.post(http, base + CHAT, waiting, chat(false));
        AtomicReference<Throwable> sdkFailure = new AtomicReference<>();
        AtomicReference<Integer> sdkChunks = new AtomicReference<>(0);
        // Threads of their own: the common pool may have one thread on two cores, and the SDK's read holds it.
        CompletableFuture<Void> sdkStream = CompletableFuture.runAsync(() -> sdkFailure.set(readWithSdk(base, sdk, sdkChunks)), threads);
        await(() -> stack.mock.received().stream().anyMatch(r -> "0c03".equals(r.keyLast4())), "the waiting request reached its upstream");
        await(() -> sdkChunks.get() > 0, "the SDK's stream has content");
        OpenStream quickStream = OpenStream.post(http, base + CHAT, quick, chat(true)).awaitContent();

        long drainStarted = System.nanoTime();
        CompletableFuture<Void> drained = CompletableFuture.runAsync(stack.gateway::drain, threads);
        await(stack.gateway::draining, "the drain began");
        assertThat(refusesNewRequests(base, quick)).as("a new request is refused").isTrue();
        long mockCallsWhileDraining = stack.mock.received().size();

        drained.get(DEADLINE_MS + 20_000, TimeUnit.MILLISECONDS);
        long drainMillis = (System.nanoTime() - drainStarted) / 1_000_000;

        // Within the deadline: the stream ended as its wire ends one.
        assertThat(quickStream.ended().status()).isEqualTo(200);
        assertThat(quickStream.lines).contains("data: [DONE]");
        assertThat(quickStream.text()).doesNotContain("error");

        // Past it: ended with the wire's error event, after the deadline, never cut silently.
        assertThat(slowStream.ended().status()).isEqualTo(200);
        assertThat(slowStream.text()).contains("\"code\":\"node_draining\"").contains("shutting down").doesNotContain("[DONE]")
                .doesNotContain("<cut");
        assertThat(slowStream.lines.getLast()).isEmpty();
        assertThat(slowStream.lines.get(slowStream.lines.size() - 2)).startsWith("data: {\"error\":");
        assertThat((slowStream.endedNanos() - drainStarted) / 1_000_000).as("the open stream had the whole deadline")
                .isGreaterThanOrEqualTo(DEADLINE_MS - 100);
        assertThat(claudeStream.ended().status()).as("read to its end before it is judged").isEqualTo(200);
        assertThat(claudeStream.text()).contains("event: error").contains("\"type\":\"error\"").contains("shutting down")
                .doesNotContain("message_stop").doesNotContain("<cut");
        assertThat(waitingAnswer.ended().status()).isEqualTo(503);
        assertThat(waitingAnswer.text()).contains("\"code\":\"node_draining\"");
        sdkStream.get(30, TimeUnit.SECONDS);
        assertThat(sdkFailure.get()).as("the official SDK raises the error event, it does not see a short success").isNotNull();
        assertThat(String.valueOf(sdkFailure.get().getMessage())).contains("shutting down");

        // Every request's usage record is written by the time the drain returns; none blames its key.
        Path db = dir.resolve("anyrouter.db");
        assertThat(record(db, quickStream.requestId())).isEqualTo("200 null ok");
        assertThat(record(db, slowStream.requestId())).isEqualTo("503 node_draining ok, then this node stopped the stream (shutting down)");
        assertThat(record(db, claudeStream.requestId())).isEqualTo("503 node_draining ok, then this node stopped the stream (shutting down)");
        assertThat(record(db, waitingAnswer.requestId())).startsWith("503 node_draining");
        assertThat(count(db, "SELECT COUNT(*) FROM usage_records")).as("one record per request that was let in, the SDK's too")
                .isEqualTo(5);
        assertThat(stack.mock.received().size()).as("nothing refused reached an upstream").isEqualTo(mockCallsWhileDraining);
        assertThat(count(db, "SELECT COUNT(*) FROM provider_keys WHERE status <> 'ACTIVE'")).as("no key was blamed").isZero();
        System.out.printf("drain: deadline %d ms, drained and stopped after %d ms%n", DEADLINE_MS, drainMillis);
    }

    @Test
    void aDrainWithNothingOpenReturnsAtOnce() throws Exception {
        stack = new Stack(dir, Map.of("drain-deadline-ms", "60000"));
        String owner = owner("idle@example.com", "openai", "sk-mock-drain-idle-0f06", "{}");
        assertThat(stack.call("POST", CHAT, owner, chat(false)).status()).isEqualTo(200);
        long started = System.nanoTime();
        stack.gateway.drain();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("nothing to wait for: not the 60 s deadline")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(count(dir.resolve("anyrouter.db"), "SELECT COUNT(*) FROM usage_records")).isEqualTo(1);
        assertThatThrownBy(() -> new Socket("127.0.0.1", stack.gateway.port()).close()).isInstanceOf(IOException.class);
    }

    /** Signs up, saves one key on the mock, scripts the mock for it; the account's key. */
    private String owner(String email, String provider, String key, String script) throws Exception {
        String owner = stack.signup(email);
        Stack.Reply saved = stack.addKey(owner, provider, key, "k", "");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        String json = "{\"key\":\"" + key + "\"" + (script.equals("{}") ? "}" : "," + script.substring(1));
        assertThat(stack.call("POST", "http://127.0.0.1:" + stack.mock.port() + "/_mock/script", null, json).status()).isEqualTo(200);
        return owner;
    }

    private static String chat(boolean stream) {
        return "{\"model\":\"openai/gpt-4.1-mini\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    /** Reads a stream with the official SDK to its end; what it raised, if anything. */
    private static Throwable readWithSdk(String base, String key, AtomicReference<Integer> chunks) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(base + "/api/v1").apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(120)).build();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("openai/gpt-4.1-mini").addUserMessage("hi").build())) {
            stream.stream().forEach(chunk -> chunks.updateAndGet(n -> n + 1));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /**
     * Whether a new request is refused: its connection refused (the listener closed), or answered 503
     * {@code node_draining} with the connection closed. A request that was served fails the test.
     */
    private boolean refusesNewRequests(String base, String key) {
        try {
            Stack.Reply r = stack.call("POST", base + CHAT, key, chat(false));
            if (r.status() == 200) throw new AssertionError("a draining node served a new request");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.body()).contains("\"code\":\"node_draining\"");
            assertThat(r.headers().get("connection")).containsExactly("close");
            return true;
        } catch (IOException refused) {
            return true;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** "status error_code trace" of the request's usage record, its trace being the last attempt's outcome. */
    private static String record(Path db, String requestId) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
             var ps = c.prepareStatement("SELECT status, error_code, attempts_json FROM usage_records WHERE id = ?")) {
            ps.setString(1, requestId);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) throw new AssertionError("no usage record for " + requestId);
                String trace = rs.getString(3);
                if (trace == null) return rs.getInt(1) + " " + rs.getString(2); // a request that ended before any attempt was logged
                var attempts = dev.anyrouter.protocol.Json.parse(trace.getBytes());
                String outcome = attempts.isEmpty() ? "" : attempts.get(attempts.size() - 1).path("outcome").asText();
                return rs.getInt(1) + " " + rs.getString(2) + " " + outcome;
            }
        }
    }

    private static long count(Path db, String sql) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": not within 30 s");
            Thread.sleep(20);
        }
    }
}
