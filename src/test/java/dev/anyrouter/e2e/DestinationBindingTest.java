package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.vault.CredentialBinding;
import dev.anyrouter.vault.LegacySeals;
import dev.anyrouter.vault.MasterKey;
import dev.anyrouter.vault.SealedCredential;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key's destination is bound into its sealed row: a base URL or headers changed in the database
 * instead of through AnyRouter make the row not open, in a running gateway (once its cache sees the
 * row again) and after a restart; the request then fails cleanly and the new destination receives
 * nothing. Keys stored before the binding existed are re-sealed with it once, at start-up, and
 * keep serving.
 */
class DestinationBindingTest {
    static final String CHAT = "{\"model\":\"openai/gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dataDir;

    @Test
    void aRowWhoseBaseUrlWasChangedInTheDatabaseNoLongerOpensAndTheNewHostGetsNothing() throws Exception {
        String canary = canary();
        SteppingClock clock = new SteppingClock();
        try (Listener listener = new Listener(); LogCapture logs = LogCapture.attach()) {
            String apiKey;
            List<String> bodies;
            try (Stack stack = new Stack(dataDir, Map.of(), PriceBook.none(), clock)) {
                apiKey = stack.signup("moved@example.com");
                assertThat(stack.addKey(apiKey, canary, "moved").status()).isEqualTo(201);
                assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, CHAT).status()).isEqualTo(200);

                sql("UPDATE provider_keys SET base_url = 'http://127.0.0.1:" + listener.port() + "/v1'");
                clock.advance(Duration.ofSeconds(31)); // past the key cache's lifetime: the gateway reads the row again
                Stack.Reply refused = stack.call("POST", "/api/v1/chat/completions", apiKey, CHAT);
                assertThat(refused.status()).isBetween(400, 599);
                assertThat(refused.json().at("/error/code").asText()).isNotBlank();
                assertThat(refused.body()).doesNotContain(canary);
                bodies = List.copyOf(stack.bodiesSeen);
            }
            try (Stack again = new Stack(dataDir)) {
                Stack.Reply refused = again.call("POST", "/api/v1/chat/completions", apiKey, CHAT);
                assertThat(refused.status()).as("after a restart too").isBetween(400, 599);
                assertThat(refused.body()).doesNotContain(canary);
            }
            assertThat(listener.connections()).as("the edited destination received nothing").isZero();
            assertThat(logs.lines()).anyMatch(l -> l.contains("is skipped") && l.contains("does not open"));
            assertThat(SecretScan.inTexts("log", logs.lines(), canary)).isEmpty();
            assertThat(SecretScan.inTexts("response", bodies, canary)).isEmpty();
        }
    }

    @Test
    void headersChangedInTheDatabaseMakeTheRowNotOpenButAChangeThroughTheApiIsResealed() throws Exception {
        String canary = canary();
        SteppingClock clock = new SteppingClock();
        try (Stack stack = new Stack(dataDir, Map.of(), PriceBook.none(), clock)) {
            String apiKey = stack.signup("headers@example.com");
            assertThat(stack.addKey(apiKey, "openai", canary, "hdr", ",\"headers\":{\"OpenAI-Organization\":\"org-mine\"}").status())
                    .isEqualTo(201);
            String id = stack.call("GET", "/api/v1/byok", apiKey, null).json().at("/data/0/id").asText();
            // Through the API the key is re-sealed for its new destination, so it keeps serving.
            assertThat(stack.call("PATCH", "/api/v1/byok/" + id, apiKey, "{\"headers\":{\"OpenAI-Organization\":\"org-new\"}}")
                    .status()).isEqualTo(200);
            assertThat(stack.call("PATCH", "/api/v1/byok/" + id, apiKey, "{\"base_url\":\"" + stack.mockBase() + "/\"}")
                    .status()).isEqualTo(200);
            assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, CHAT).status()).isEqualTo(200);
            int served = stack.mock.received().size();

            sql("UPDATE provider_keys SET headers_json = '{\"OpenAI-Organization\":\"org-attacker\"}'");
            clock.advance(Duration.ofSeconds(31));
            Stack.Reply refused = stack.call("POST", "/api/v1/chat/completions", apiKey, CHAT);
            assertThat(refused.status()).isBetween(400, 599);
            assertThat(refused.body()).doesNotContain(canary).doesNotContain("org-attacker");
            assertThat(stack.mock.received()).as("nothing went upstream with the edited headers").hasSize(served);
        }
    }

    @Test
    void keysStoredBeforeTheBindingAreResealedOnceAtStartUpAndKeepServing() throws Exception {
        String canary = canary();
        String apiKey;
        try (Stack stack = new Stack(dataDir)) {
            apiKey = stack.signup("legacy@example.com");
            assertThat(stack.addKey(apiKey, canary, "legacy").status()).isEqualTo(201);
        }
        // Make the database what the previous version left: the row and the probe sealed without destinations.
        MasterKey master = MasterKey.load(Map.of(), dataDir).key();
        String[] row = sqlRow("SELECT id, account_id, provider, base_url FROM provider_keys");
        SealedCredential legacy = LegacySeals.seal(master, canary, new CredentialBinding(row[1], row[0], row[2]));
        sql("UPDATE provider_keys SET ciphertext = '" + legacy.ciphertext() + "', wrapped_key = '" + legacy.wrappedKey() + "'");
        sql("UPDATE settings SET value = '" + LegacySeals.probe(master) + "' WHERE name = 'vault.probe'");

        try (LogCapture logs = LogCapture.attach(); Stack upgraded = new Stack(dataDir)) {
            assertThat(logs.lines()).anyMatch(l -> l.contains("1 re-sealed, 0 already bound, 0 that do not open"));
            assertThat(sqlRow("SELECT ciphertext FROM provider_keys")[0]).isNotEqualTo(legacy.ciphertext());
            assertThat(sqlRow("SELECT value FROM settings WHERE name = 'vault.probe'")[0]).startsWith("v2:");
            String id = upgraded.call("GET", "/api/v1/byok", apiKey, null).json().at("/data/0/id").asText();
            assertThat(upgraded.call("PATCH", "/api/v1/byok/" + id, apiKey, "{\"base_url\":\"" + upgraded.mockBase() + "\"}")
                    .status()).as("the upgraded row opens (and is re-sealed for the new mock's port)").isEqualTo(200);
            assertThat(upgraded.call("POST", "/api/v1/chat/completions", apiKey, CHAT).status()).isEqualTo(200);
            assertThat(SecretScan.inTexts("log", logs.lines(), canary)).isEmpty();
        }
        try (LogCapture logs = LogCapture.attach(); Stack third = new Stack(dataDir)) {
            assertThat(logs.lines()).as("the upgrade runs once").noneMatch(l -> l.contains("re-sealed"));
        }
        assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), canary)).isEmpty();
    }

    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("anyrouter.db"))) {
            assertThat(c.createStatement().executeUpdate(statement)).isEqualTo(1);
        }
    }

    private String[] sqlRow(String query) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("anyrouter.db"));
             var rs = c.createStatement().executeQuery(query)) {
            assertThat(rs.next()).isTrue();
            String[] out = new String[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < out.length; i++) out[i] = rs.getString(i + 1);
            return out;
        }
    }

    private static String canary() {
        byte[] b = new byte[10];
        ThreadLocalRandom.current().nextBytes(b);
        return "sk-mock-dest-" + HexFormat.of().formatHex(b);
    }

    /** A loopback port that counts every connection made to it (none should be). */
    static final class Listener implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger connections = new AtomicInteger();
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        private final Thread acceptor = Thread.ofVirtual().start(this::accept);

        Listener() throws Exception {}

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        private void accept() {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    connections.incrementAndGet();
                    s.setSoTimeout(500);
                    synchronized (seen) {
                        seen.write(in.readNBytes(4096));
                    }
                } catch (Exception closedOrTimedOut) {
                    // counted already when a connection came; nothing else to do
                }
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(2000);
            assertThat(seen.toString(StandardCharsets.ISO_8859_1)).isEmpty();
        }
    }
}
