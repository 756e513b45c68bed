package dev.anyrouter.cli;

import dev.anyrouter.app.Gateway;
import dev.anyrouter.config.InvalidSettingsException;
import dev.anyrouter.config.Settings;
import dev.anyrouter.config.SettingsLoader;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code anyrouter serve}: starts the gateway and runs until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the gateway (default http://127.0.0.1:8080/api/v1, SQLite under ./data).")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", description = "Bind address (env ANYROUTER_HOST, default 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "N", description = "Port (env ANYROUTER_PORT, default 8080).")
    String port;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (env ANYROUTER_DATA, default ./data).")
    String data;

    @Option(names = "--database-url", paramLabel = "JDBC",
            description = "jdbc:sqlite:... (default, under the data dir) or jdbc:postgresql:... (env ANYROUTER_DATABASE_URL).")
    String databaseUrl;

    @Option(names = "--catalog-file", paramLabel = "FILE",
            description = "Operator model catalog (YAML) merged over the built-in one (env ANYROUTER_CATALOG_FILE).")
    String catalogFile;

    @Option(names = "--allow-private-upstreams", arity = "0..1", fallbackValue = "true",
            description = "Allow provider base URLs on http or private addresses (env ANYROUTER_ALLOW_PRIVATE_UPSTREAMS).")
    String allowPrivateUpstreams;

    @Option(names = "--upstream-hosts", paramLabel = "HOST[:PORT],...",
            description = "Hosts besides each provider's own that provider keys may be sent to, e.g. a company proxy"
                    + " (env ANYROUTER_UPSTREAM_HOSTS; default none).")
    String upstreamHosts;

    @Option(names = "--config", paramLabel = "FILE", description = "Optional YAML config file (env ANYROUTER_CONFIG).")
    String config;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "The address browsers and clients use, e.g. https://router.example.com behind a TLS proxy;"
                    + " https turns on Secure cookies (env ANYROUTER_PUBLIC_URL).")
    String publicUrl;

    @Option(names = "--secure-cookies", arity = "0..1", fallbackValue = "true",
            description = "Mark cookies Secure (default: on when --public-url is https) (env ANYROUTER_SECURE_COOKIES).")
    String secureCookies;

    @Option(names = "--trusted-proxies", paramLabel = "IP[/BITS],...",
            description = "Reverse proxies whose X-Forwarded-For names the client (env ANYROUTER_TRUSTED_PROXIES; default none).")
    String trustedProxies;

    @Option(names = "--master-key-file", paramLabel = "FILE",
            description = "The master keyset file, e.g. outside the data dir (env ANYROUTER_MASTER_KEY_FILE; default DATA/master-key.json).")
    String masterKeyFile;

    @Option(names = "--drain-deadline-ms", paramLabel = "MS",
            description = "On SIGTERM, how long open requests may run before each is ended with an error in its wire"
                    + " (env ANYROUTER_DRAIN_DEADLINE_MS; default 25000).")
    String drainDeadlineMs;

    @Override
    public Integer call() {
        Map<String, String> flags = new HashMap<>();
        put(flags, "host", host);
        put(flags, "port", port);
        put(flags, "data", data);
        put(flags, "database-url", databaseUrl);
        put(flags, "catalog-file", catalogFile);
        put(flags, "allow-private-upstreams", allowPrivateUpstreams);
        put(flags, "config", config);
        put(flags, "upstream-hosts", upstreamHosts);
        put(flags, "public-url", publicUrl);
        put(flags, "secure-cookies", secureCookies);
        put(flags, "trusted-proxies", trustedProxies);
        put(flags, "master-key-file", masterKeyFile);
        put(flags, "drain-deadline-ms", drainDeadlineMs);
        Gateway gateway;
        try {
            Settings settings = SettingsLoader.load(flags, System.getenv());
            gateway = Gateway.start(settings, System.getenv());
        } catch (InvalidSettingsException e) {
            System.err.println("anyrouter: " + e.getMessage());
            return 2;
        }
        System.out.println("AnyRouter is serving at " + gateway.baseUrl());
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM (and Ctrl-C) drains: no new requests, open ones finish or are ended in their wire, usage flushed.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.drain();
            stopped.countDown();
        }, "anyrouter-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void put(Map<String, String> flags, String name, String value) {
        if (value != null) flags.put(name, value);
    }
}
