package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.mock.MockUpstream;
import dev.anyrouter.protocol.Json;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code anyrouter serve} as a real process, stopped with SIGTERM (what systemd, Docker and
 * Kubernetes send) while two streams are open: the one that ends within the drain deadline ends as
 * its wire ends one, the other is ended at the deadline with its wire's error event
 * ({@code node_draining}), never cut; the process then exits by itself, each stream has its usage
 * record in the database it leaves, and its log holds no stack trace.
 */
class SigtermDrainTest {
    static final long DEADLINE_MS = 3_000;

    @TempDir
    Path work;

    final Vertx mockVertx = Vertx.vertx();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : started) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        mockVertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void sigtermLetsTheShortStreamFinishEndsTheLongOneInItsWireFlushesUsageAndExits() throws Exception {
        MockUpstream mock = MockUpstream.start(mockVertx, "127.0.0.1", 0).await(30, TimeUnit.SECONDS);
        Path data = work.resolve("data");
        int port = freePort();
        Path log = work.resolve("gateway.log");
        ProcessBuilder pb = java("serve", "--port", Integer.toString(port), "--data", data.toString(), "--allow-private-upstreams",
                "--drain-deadline-ms", Long.toString(DEADLINE_MS)).redirectErrorStream(true).redirectOutput(log.toFile());
        Process gateway = pb.start();
        started.add(gateway);
        String base = "http://127.0.0.1:" + port;
        awaitHealthy(gateway, base, log);

        String owner = Json.parse(post(base + "/api/v1/auth/signup", null,
                "{\"email\":\"sigterm@example.com\",\"password\":\"correct horse battery staple\"}").getBytes()).get("api_key").asText();
        String mockBase = "http://127.0.0.1:" + mock.port();
        post(base + "/api/v1/byok", owner, "{\"provider\":\"openai\",\"key\":\"sk-mock-sigterm-quick-1a01\",\"alias\":\"quick\","
                + "\"priority\":1,\"base_url\":\"" + mockBase + "/v1\"}");
        String app = Json.parse(post(base + "/api/v1/keys", owner, "{\"name\":\"slow app\"}").getBytes()).get("key").asText();
        post(mockBase + "/_mock/script", null, "{\"key\":\"sk-mock-sigterm-quick-1a01\",\"chunks\":3000,\"chunk_interval_ms\":100}");

        // Both streams go out on the same key: the long one first, then the key is scripted short for the second.
        OpenStream slow = OpenStream.post(http, base + "/api/v1/chat/completions", app, chat()).awaitContent();
        post(mockBase + "/_mock/script", null, "{\"key\":\"sk-mock-sigterm-quick-1a01\",\"chunks\":10,\"chunk_interval_ms\":100}");
        OpenStream quick = OpenStream.post(http, base + "/api/v1/chat/completions", owner, chat()).awaitContent();

        long signalled = System.nanoTime();
        gateway.destroy(); // SIGTERM
        assertThat(gateway.waitFor(DEADLINE_MS + 30_000, TimeUnit.MILLISECONDS)).as("the process exits by itself").isTrue();
        long exitedMillis = (System.nanoTime() - signalled) / 1_000_000;
        assertThat(gateway.exitValue()).as("the JVM's exit after a SIGTERM it handled").isEqualTo(143);

        assertThat(quick.ended().status()).isEqualTo(200);
        assertThat(quick.lines).contains("data: [DONE]");
        assertThat(quick.text()).doesNotContain("node_draining");
        assertThat(slow.text()).contains("\"code\":\"node_draining\"").doesNotContain("[DONE]").doesNotContain("<cut");
        assertThat((slow.endedNanos() - signalled) / 1_000_000).as("the open stream had the drain deadline").isGreaterThanOrEqualTo(DEADLINE_MS - 100);

        Path db = data.resolve("anyrouter.db");
        assertThat(status(db, quick.requestId())).isEqualTo("200 null");
        assertThat(status(db, slow.requestId())).isEqualTo("503 node_draining");
        String output = Files.readString(log);
        assertThat(output).contains("draining: not ready, no new requests").contains("drained and stopped")
                .as("no stack trace").doesNotContain("\tat ");
        System.out.printf("sigterm: deadline %d ms, the process exited %d ms after the signal%n", DEADLINE_MS, exitedMillis);
    }

    private static String chat() {
        return "{\"model\":\"openai/gpt-4.1-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static String status(Path db, String requestId) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
             var ps = c.prepareStatement("SELECT status, error_code FROM usage_records WHERE id = ?")) {
            ps.setString(1, requestId);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) throw new AssertionError("no usage record for " + requestId);
                return rs.getInt(1) + " " + rs.getString(2);
            }
        }
    }

    private void awaitHealthy(Process p, String base, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as(() -> "the gateway died: " + read(log)).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the gateway never became ready: " + read(log));
    }

    private String post(String url, String bearer, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) b.header("authorization", "Bearer " + bearer);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new AssertionError(url + " answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static ProcessBuilder java(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.anyrouter.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
