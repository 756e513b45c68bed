package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.mock.MockUpstream;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's crash test: the gateway, a real process on a real SQLite file or a real PostgreSQL
 * (embedded, each run its own), is killed with
 * {@code kill -9} in the middle of 200 credits requests (streams and whole answers on two
 * accounts), then started again on the same data dir. After the restart no hold is left (the
 * node's own holds are released at start), {@code anyrouter credits audit} passes with no grace
 * (every debit has its usage record and every served credits record its debit: the settle writes
 * both in one transaction), no request was billed twice, each account's balance is exactly its
 * grant less its debits and never below zero, and credits serve again.
 */
class CrashRestartEndToEndTest {
    static final String ADMIN_TOKEN = "operator-token-for-crash-test-0123456789";
    static final String MODEL = "openai/gpt-4.1-mini";
    static final int REQUESTS = 200;
    static final int AT_ONCE = 50;
    /** Killed once this many answers have come back whole: well inside the run, with many still streaming. */
    static final int KILL_AFTER = 60;
    static final long GRANT_MICROS = 2_000_000;

    @TempDir
    Path work;

    final Vertx mockVertx = Vertx.vertx();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : started) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        mockVertx.close().await(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aGatewayKilledMidRequestsRestartsWithNoHoldLeftAnAuditThatPassesAndNothingBilledTwice(String engine) throws Exception {
        if (engine.equals("postgresql")) {
            try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
                killAndRestart(pg.getJdbcUrl("postgres", "postgres"));
            }
        } else {
            killAndRestart(null);
        }
    }

    /** @param databaseUrl the PostgreSQL the gateway keeps its books in; null: SQLite in its data dir */
    private void killAndRestart(String databaseUrl) throws Exception {
        MockUpstream mock = MockUpstream.start(mockVertx, "127.0.0.1", 0).await(30, TimeUnit.SECONDS);
        Path data = work.resolve("data");
        String db = databaseUrl != null ? databaseUrl : "jdbc:sqlite:" + data.resolve("anyrouter.db");
        int port = freePort();
        Process first = serve(data, databaseUrl, port, "first");

        Reply op = call(port, "POST", "/api/v1/admin/provider-keys", ADMIN_TOKEN, "{\"provider\":\"openai\",\"key\":"
                + "\"sk-mock-operator-crash\",\"alias\":\"house\",\"base_url\":\"http://127.0.0.1:" + mock.port() + "/v1\"}");
        assertThat(op.status()).as(op.body()).isEqualTo(201);
        // Streams of 30 pieces 30 ms apart: long enough that many are mid-answer when the process dies.
        assertThat(call(mock.port(), "POST", "/_mock/script", null, "{\"key\":\"*\",\"chunks\":30,\"chunk_interval_ms\":30}")
                .status()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        for (String email : List.of("crash-a@example.com", "crash-b@example.com")) {
            Reply signup = call(port, "POST", "/api/v1/auth/signup", null,
                    "{\"email\":\"" + email + "\",\"password\":\"correct horse battery staple 9\"}");
            assertThat(signup.status()).as(signup.body()).isEqualTo(201);
            String key = signup.json().get("api_key").asText();
            assertThat(call(port, "PUT", "/api/v1/byok/pools/openai", key, "{\"strategy\":\"fallback\",\"fallback_to_credits\":true}")
                    .status()).isEqualTo(200);
            assertThat(credits(port, key).get("balance_usd").asDouble()).isEqualTo(GRANT_MICROS / 1e6);
            keys.add(key);
        }

        // 200 requests, 50 at a time; the process is killed once 60 have come back whole.
        Map<String, String> completed = new ConcurrentHashMap<>(); // request id -> account key
        AtomicInteger cut = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Semaphore slots = new Semaphore(AT_ONCE);
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < REQUESTS; i++) {
                String key = keys.get(i % 2);
                boolean stream = i % 4 != 3;
                slots.acquire();
                if (!first.isAlive()) {
                    slots.release();
                    cut.incrementAndGet();
                    continue;
                }
                clients.submit(() -> {
                    try {
                        Reply r = call(port, "POST", "/api/v1/chat/completions", key, "{\"model\":\"" + MODEL + "\",\"max_tokens\":1000,"
                                + "\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Write at length\"}]}");
                        boolean whole = r.status() == 200 && (stream ? r.body().strip().endsWith("data: [DONE]") : r.json().has("usage"));
                        if (whole) {
                            completed.put(r.headers().get("x-anyrouter-request-id").getFirst(), key);
                            if (completed.size() == KILL_AFTER) first.destroyForcibly(); // SIGKILL: no shutdown hook runs
                        } else if (r.status() == 200) {
                            cut.incrementAndGet(); // the head came back, the body broke off with the process
                        } else {
                            refused.incrementAndGet();
                        }
                    } catch (IOException e) {
                        cut.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        slots.release();
                    }
                    return null;
                });
            }
        }
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed, not exited").isEqualTo(137);
        assertThat(completed.size()).as("answers served before the kill").isGreaterThanOrEqualTo(KILL_AFTER);
        assertThat(cut.get()).as("requests cut off by the kill").isPositive();
        assertThat(refused.get()).as("no request was refused: $2 pays for all of them").isZero();

        if (databaseUrl == null) assertThat(data.resolve("anyrouter.db")).exists();
        long heldAtCrash = count(db, "SELECT COUNT(*) FROM credit_holds WHERE state = 'held'");
        assertThat(heldAtCrash).as("requests died holding credit").isPositive();

        serve(data, databaseUrl, port, "second");
        assertThat(count(db, "SELECT COUNT(*) FROM credit_holds WHERE state = 'held'")).as("no hold left after the restart").isZero();

        Audit audit = audit(data, databaseUrl);
        assertThat(audit.exit()).as(audit.output()).isZero();
        assertThat(audit.output()).contains("credits audit passed").contains("0 open holds");

        Map<String, Integer> debits = new HashMap<>();
        try (Connection c = DriverManager.getConnection(db)) {
            try (var rs = c.createStatement().executeQuery("SELECT request_id, COUNT(*) FROM ledger_entries WHERE kind = 'debit'"
                    + " GROUP BY request_id")) {
                while (rs.next()) debits.put(rs.getString(1), rs.getInt(2));
            }
        }
        assertThat(debits.values()).as("no request billed twice").allMatch(n -> n == 1);
        long billedAnswers = completed.keySet().stream().filter(debits::containsKey).count();
        assertThat(billedAnswers).as("the answers settled before the kill are billed").isGreaterThanOrEqualTo(KILL_AFTER - AT_ONCE);
        for (String key : keys) {
            JsonNode after = credits(port, key);
            double debited = 0;
            for (JsonNode e : after.get("entries")) if (e.get("kind").asText().equals("debit")) debited -= e.get("amount_usd").asDouble();
            assertThat(debited).as("what was served was billed").isPositive();
            assertThat(after.get("held_usd").asDouble()).isZero();
            assertThat(after.get("balance_usd").asDouble()).as("the grant less the debits, never below zero")
                    .isCloseTo(GRANT_MICROS / 1e6 - debited, org.assertj.core.data.Offset.offset(1e-9)).isGreaterThanOrEqualTo(0);
        }

        Reply again = call(port, "POST", "/api/v1/chat/completions", keys.getFirst(),
                "{\"model\":\"" + MODEL + "\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().at("/usage/cost").asDouble()).as("credits serve again after the restart").isPositive();
    }

    record Reply(int status, String body, Map<String, List<String>> headers) {
        JsonNode json() {
            return Json.parse(body.getBytes());
        }
    }

    record Audit(int exit, String output) {}

    /** Starts {@code anyrouter serve} as a process of its own and waits until it answers. */
    private Process serve(Path data, String databaseUrl, int port, String name) throws Exception {
        Path log = work.resolve(name + ".log");
        ProcessBuilder pb = java(withDatabase(databaseUrl, "serve", "--port", Integer.toString(port), "--data", data.toString(),
                "--allow-private-upstreams")).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ANYROUTER_ADMIN_TOKEN", ADMIN_TOKEN);
        Process p = pb.start();
        started.add(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as(() -> "gateway " + name + " died: " + read(log)).isTrue();
            try {
                if (call(port, "GET", "/health", null, null).status() == 200) return p;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("gateway " + name + " never answered /health: " + read(log));
    }

    private Audit audit(Path data, String databaseUrl) throws Exception {
        Process p = java(withDatabase(databaseUrl, "credits", "audit", "--data", data.toString(), "--grace-s", "0"))
                .redirectErrorStream(true).start();
        started.add(p);
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Audit(p.exitValue(), out);
    }

    /** {@code args}, and {@code --database-url} when there is one. */
    private static String[] withDatabase(String databaseUrl, String... args) {
        if (databaseUrl == null) return args;
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--database-url";
        all[args.length + 1] = databaseUrl;
        return all;
    }

    /** The gateway's own command line, on this test run's class path. */
    private static ProcessBuilder java(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.anyrouter.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private Reply call(int port, String method, String path, String bearer, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("content-type", "application/json");
        if (bearer != null) b.header("authorization", "Bearer " + bearer);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r.headers().map());
    }

    private JsonNode credits(int port, String key) throws Exception {
        Reply r = call(port, "GET", "/api/v1/credits?limit=500", key, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static long count(String db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
