package dev.anyrouter.web;

import dev.anyrouter.app.Gateway;
import dev.anyrouter.config.SettingsLoader;
import dev.anyrouter.mock.MockUpstream;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real gateway (dashboard included) and a mock upstream on loopback ports, over a throwaway data dir. */
final class WebStack implements AutoCloseable {
    final Vertx mockVertx = Vertx.vertx();
    final MockUpstream mock;
    final Gateway gateway;

    WebStack(Path dataDir) throws Exception {
        this(dataDir, Map.of());
    }

    /** A stack with {@code extra} settings (by their flag names) on top of the test defaults. */
    WebStack(Path dataDir, Map<String, String> extra) throws Exception {
        this.mock = MockUpstream.start(mockVertx, "127.0.0.1", 0).await(30, TimeUnit.SECONDS);
        Map<String, String> flags = new java.util.HashMap<>(Map.of("port", "0", "data", dataDir.toString(),
                "allow-private-upstreams", "true"));
        flags.putAll(extra);
        this.gateway = Gateway.start(SettingsLoader.load(flags, Map.of()), Map.of());
    }

    /** The dashboard's origin, e.g. {@code http://127.0.0.1:41234}. */
    String origin() {
        return "http://127.0.0.1:" + gateway.port();
    }

    /** Where an OpenAI client points. */
    String apiBase() {
        return origin() + "/api/v1";
    }

    /** The mock's OpenAI base URL, to save as a key's base URL. */
    String mockBase() {
        return "http://127.0.0.1:" + mock.port() + "/v1";
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        mock.close().await(10, TimeUnit.SECONDS);
        mockVertx.close().await(10, TimeUnit.SECONDS);
    }
}
