package dev.anyrouter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.app.Gateway;
import dev.anyrouter.config.Settings;
import dev.anyrouter.config.SettingsLoader;
import dev.anyrouter.mock.MockUpstream;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.providers.Wire;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real gateway and a real mock upstream on loopback ports, with a throwaway data dir, for
 * end-to-end tests. Every response body the tests read through it is kept, so a test can
 * scan them all for a secret afterwards.
 */
final class Stack implements AutoCloseable {
    private static final ProviderCatalog CATALOG = ProviderCatalog.loadDefault();

    record Reply(int status, String body, Map<String, List<String>> headers) {
        JsonNode json() {
            return Json.parse(body.getBytes());
        }
    }

    final Path dataDir;
    final Vertx mockVertx = Vertx.vertx();
    final MockUpstream mock;
    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<String> bodiesSeen = new ArrayList<>();

    Stack(Path dataDir) throws Exception {
        this(dataDir, Map.of());
    }

    Stack(Path dataDir, Map<String, String> extraSettings) throws Exception {
        this(dataDir, extraSettings, dev.anyrouter.billing.PriceBook.none(), java.time.Clock.systemUTC());
    }

    /** A stack pricing credits from {@code prices}, with the gateway on {@code clock}. */
    Stack(Path dataDir, Map<String, String> extraSettings, dev.anyrouter.billing.PriceBook prices, java.time.Clock clock)
            throws Exception {
        this(dataDir, extraSettings, prices, clock, java.net.InetAddress::getAllByName);
    }

    /** A stack whose gateway resolves upstream host names with {@code resolver}. */
    Stack(Path dataDir, Map<String, String> extraSettings, dev.anyrouter.providers.UpstreamAddressGuard.Resolver resolver)
            throws Exception {
        this(dataDir, extraSettings, dev.anyrouter.billing.PriceBook.none(), java.time.Clock.systemUTC(), resolver);
    }

    private Stack(Path dataDir, Map<String, String> extraSettings, dev.anyrouter.billing.PriceBook prices, java.time.Clock clock,
                  dev.anyrouter.providers.UpstreamAddressGuard.Resolver resolver) throws Exception {
        this.dataDir = dataDir;
        this.mock = MockUpstream.start(mockVertx, "127.0.0.1", 0).await(30, TimeUnit.SECONDS);
        Map<String, String> flags = new HashMap<>(Map.of("port", "0", "data", dataDir.toString(),
                "allow-private-upstreams", "true"));
        flags.putAll(extraSettings);
        Settings settings = SettingsLoader.load(flags, Map.of());
        this.gateway = Gateway.start(settings, Map.of(), prices, clock, resolver);
    }

    String gatewayBase() {
        return "http://127.0.0.1:" + gateway.port() + "/api/v1";
    }

    String mockBase() {
        return "http://127.0.0.1:" + mock.port() + "/v1";
    }

    Reply call(String method, String path, String bearer, String json) throws Exception {
        return call(method, path, bearer, json, Map.of());
    }

    Reply call(String method, String path, String bearer, String json, Map<String, String> headers) throws Exception {
        String url = path.startsWith("http") ? path : "http://127.0.0.1:" + gateway.port() + path;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("content-type", "application/json");
        if (bearer != null) b.header("authorization", "Bearer " + bearer);
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        // Only the gateway's answers are what a client saw: the mock's (a key file it made, the
        // tokens it lists) are the test's own knowledge of the secrets.
        if (URI.create(url).getPort() == gateway.port()) {
            synchronized (bodiesSeen) {
                bodiesSeen.add(r.body());
            }
        }
        return new Reply(r.statusCode(), r.body(), r.headers().map());
    }

    /** A request with exactly these headers (no content-type or credential added), e.g. a browser's form post. */
    Reply raw(String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        synchronized (bodiesSeen) {
            bodiesSeen.add(r.body());
        }
        return new Reply(r.statusCode(), r.body(), r.headers().map());
    }

    /** Signs up and returns the new account's API key. */
    String signup(String email) throws Exception {
        Reply r = call("POST", "/api/v1/auth/signup", null,
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery staple\"}");
        if (r.status() != 201) throw new AssertionError("signup failed: " + r);
        return r.json().get("api_key").asText();
    }

    /** Saves an OpenAI key pointed at the mock; returns the reply. */
    Reply addKey(String apiKey, String providerKey, String alias) throws Exception {
        return addKey(apiKey, "openai", providerKey, alias, "");
    }

    /**
     * Saves a key of any catalog provider pointed at the mock, following each provider's SDK
     * convention: OpenAI-wire base URLs end in {@code /v1}, Anthropic and Gemini ones are the bare host.
     * {@code extraJson} is appended to the body (e.g. {@code ,"priority":2}).
     */
    Reply addKey(String apiKey, String provider, String providerKey, String alias, String extraJson) throws Exception {
        boolean openAiWire = CATALOG.find(provider).orElseThrow().wire() == Wire.OPENAI;
        String base = openAiWire ? mockBase() : "http://127.0.0.1:" + mock.port();
        return call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"" + provider + "\",\"key\":\"" + providerKey
                + "\",\"alias\":\"" + alias + "\",\"base_url\":\"" + base + "\"" + extraJson + "}");
    }

    /** The request's log entry, once the batched usage writer has stored it. */
    JsonNode awaitLog(String apiKey, String requestId) throws Exception {
        for (int i = 0; i < 100; i++) {
            Reply r = call("GET", "/api/v1/logs/" + requestId, apiKey, null);
            if (r.status() == 200) return r.json();
            Thread.sleep(50);
        }
        throw new AssertionError("no log for request " + requestId);
    }

    void scriptMock(String key, int status) throws Exception {
        scriptMock(key, "{\"key\":\"" + key + "\",\"status\":" + status + "}");
    }

    /** The mock answers {@code key}'s next {@code times} requests with {@code status}, then as usual. */
    void scriptMock(String key, int status, int times) throws Exception {
        scriptMock(key, "{\"key\":\"" + key + "\",\"status\":" + status + ",\"times\":" + times + "}");
    }

    private void scriptMock(String key, String script) throws Exception {
        Reply r = call("POST", "http://127.0.0.1:" + mock.port() + "/_mock/script", null, script);
        if (r.status() / 100 != 2) throw new AssertionError("mock script failed: " + r);
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        mock.close().await(10, TimeUnit.SECONDS);
        mockVertx.close().await(10, TimeUnit.SECONDS);
    }
}
