package dev.anyrouter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.anyrouter.app.Gateway;
import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.config.SettingsLoader;
import dev.anyrouter.mock.MockUpstream;
import dev.anyrouter.protocol.Json;
import io.vertx.core.Vertx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Several gateway nodes in this JVM on one embedded PostgreSQL and one mock upstream, each on its
 * own loopback port and data dir, sharing the first node's master key file: a cluster behind no
 * balancer, so a test picks the node each call goes to.
 */
final class Cluster implements AutoCloseable {
    static final String ADMIN_TOKEN = "cluster-admin-token-0123456789";

    record Reply(int status, String body) {
        JsonNode json() {
            return Json.parse(body.getBytes());
        }
    }

    final EmbeddedPostgres postgres;
    final String databaseUrl;
    final Vertx mockVertx = Vertx.vertx();
    final MockUpstream mock;
    final List<Gateway> nodes = new ArrayList<>();
    final Path root;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Cluster(int size, PriceBook prices) throws Exception {
        root = Files.createTempDirectory("anyrouter-cluster-");
        postgres = EmbeddedPostgres.builder().start();
        databaseUrl = postgres.getJdbcUrl("postgres", "postgres");
        mock = MockUpstream.start(mockVertx, "127.0.0.1", 0).await(30, TimeUnit.SECONDS);
        for (int i = 0; i < size; i++) {
            nodes.add(Gateway.start(SettingsLoader.load(flags(i), Map.of()), Map.of(), prices, Clock.systemUTC()));
        }
    }

    /** The settings a node {@code i} of this cluster starts with, as command-line flags. */
    Map<String, String> flags(int i) {
        Map<String, String> flags = new HashMap<>(Map.of("port", "0", "data", root.resolve("node" + i).toString(),
                "database-url", databaseUrl, "allow-private-upstreams", "true", "admin-token", ADMIN_TOKEN,
                "master-key-file", root.resolve("master-key.json").toString()));
        return flags;
    }

    String base(int node) {
        return "http://127.0.0.1:" + nodes.get(node).port();
    }

    String mockBase() {
        return "http://127.0.0.1:" + mock.port() + "/v1";
    }

    OpenAIClient client(int node, String apiKey) {
        return OpenAIOkHttpClient.builder().baseUrl(base(node) + "/api/v1").apiKey(apiKey).maxRetries(0)
                .timeout(Duration.ofSeconds(60)).build();
    }

    Reply call(int node, String method, String path, String bearer, String json) throws Exception {
        return call(base(node), method, path, bearer, json);
    }

    Reply call(String base, String method, String path, String bearer, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("content-type", "application/json");
        if (bearer != null) b.header("authorization", "Bearer " + bearer);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    /** Signs up on {@code node}; the account's management key. */
    String signup(int node, String email) throws Exception {
        Reply r = call(node, "POST", "/api/v1/auth/signup", null,
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery staple\"}");
        if (r.status() != 201) throw new AssertionError("signup failed: " + r);
        return r.json().get("api_key").asText();
    }

    /** Saves an OpenAI key on the mock through {@code node}; its id. */
    String addKey(int node, String apiKey, String providerKey, String alias, int priority) throws Exception {
        Reply r = call(node, "POST", "/api/v1/byok", apiKey, "{\"provider\":\"openai\",\"key\":\"" + providerKey
                + "\",\"alias\":\"" + alias + "\",\"priority\":" + priority + ",\"base_url\":\"" + mockBase() + "\"}");
        if (r.status() != 201) throw new AssertionError("adding a key failed: " + r);
        return r.json().get("id").asText();
    }

    void scriptMock(String json) throws Exception {
        Reply r = call("http://127.0.0.1:" + mock.port(), "POST", "/_mock/script", null, json);
        if (r.status() / 100 != 2) throw new AssertionError("mock script failed: " + r);
    }

    /** How many requests the mock has seen on the key ending in {@code last4}. */
    long upstreamCalls(String last4) {
        return mock.received().stream().filter(r -> last4.equals(r.keyLast4())).count();
    }

    @Override
    public void close() throws Exception {
        for (Gateway node : nodes) node.close();
        mock.close().await(10, TimeUnit.SECONDS);
        mockVertx.close().await(10, TimeUnit.SECONDS);
        postgres.close();
    }
}
