package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.cli.AnyRouterCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary provider key is driven through save, a served call, an upstream 401 (whose body
 * quotes the key, as OpenAI's does) and an upstream 500; then every log event, response body,
 * table row and file under the data dir is searched for it. A second canary goes through the
 * paths the sign-in and vault work added: {@code vault rotate} and {@code vault status} run beside
 * the gateway, refusals, the guessing limit's 429s, password and session errors, and a row whose
 * destination was edited in the database.
 */
class KeySafetyTest {
    static final String PASSWORD = "correct horse battery staple";
    static final String CHAT = "{\"model\":\"openai/gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dataDir;

    @TempDir
    Path keyDir;

    @Test
    void aProviderKeyNeverReachesALogAResponseATableOrAFile() throws Exception {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        String canary = "sk-mock-canary-" + HexFormat.of().formatHex(random);
        String apiKey;
        try (LogCapture logs = LogCapture.attach()) {
            List<String> bodies;
            try (Stack stack = new Stack(dataDir)) {
                apiKey = stack.signup("canary@example.com");
                Stack.Reply saved = stack.addKey(apiKey, canary, "canary");
                assertThat(saved.status()).isEqualTo(201);
                assertThat(saved.json().get("masked").asText()).endsWith(canary.substring(canary.length() - 4));

                String chat = "{\"model\":\"openai/gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, chat).status()).isEqualTo(200);
                String stream = "{\"model\":\"openai/gpt-4.1-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, stream).body()).contains("[DONE]");

                stack.scriptMock(canary, 401);
                Stack.Reply rejected = stack.call("POST", "/api/v1/chat/completions", apiKey, chat);
                assertThat(rejected.status()).isEqualTo(401);
                assertThat(rejected.json().at("/error/message").asText()).contains("canary").contains("401");
                // The 401 quarantined the key; once the provider takes it again, re-validation brings it back.
                stack.scriptMock(canary, 200);
                String keyId = stack.call("GET", "/api/v1/byok", apiKey, null).json().at("/data/0/id").asText();
                assertThat(stack.call("POST", "/api/v1/byok/" + keyId + "/validate", apiKey, null).json().get("result").asText())
                        .isEqualTo("valid");

                stack.scriptMock(canary, 500);
                assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, chat).status()).isEqualTo(500);
                assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, stream).status()).isEqualTo(500);

                stack.scriptMock(canary, 200);
                assertThat(stack.call("GET", "/api/v1/byok", apiKey, null).body()).contains("canary");
                assertThat(stack.call("GET", "/api/v1/logs", apiKey, null).status()).isEqualTo(200);
                bodies = List.copyOf(stack.bodiesSeen);
            }
            // The stack is closed: usage is flushed and the database is quiet.
            assertThat(logs.lines()).as("the upstream 401 was logged, by alias").anyMatch(l -> l.contains("401") && l.contains("canary"));
            for (String secret : List.of(canary)) {
                assertThat(SecretScan.inTexts("log", logs.lines(), secret)).isEmpty();
                assertThat(SecretScan.inTexts("response", bodies, secret)).isEmpty();
                assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), secret)).isEmpty();
                assertThat(SecretScan.inFiles(dataDir, secret)).isEmpty();
            }
            // The AnyRouter key itself is stored only as a hash and never logged.
            assertThat(SecretScan.inTexts("log", logs.lines(), apiKey)).isEmpty();
            assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), apiKey)).isEmpty();
            assertThat(SecretScan.inFiles(dataDir, apiKey)).isEmpty();
        }
    }

    @Test
    void aProviderKeyStaysOutOfEverythingThroughARotationRefusalsRateLimitsAndPasswordAndSessionErrors() throws Exception {
        String canary = "sk-mock-canary-" + hex(12);
        String wrongPassword = "wrong-" + hex(8);
        String newPassword = "a new passphrase " + hex(4);
        Path keyFile = keyDir.resolve("master-key.json");
        SteppingClock clock = new SteppingClock();
        List<String> secrets = new ArrayList<>(List.of(canary, wrongPassword, newPassword, PASSWORD));
        List<String> shownOnce = new ArrayList<>(); // the API keys are in the one answer that hands each out
        List<String> csrfTokens = new ArrayList<>();
        List<String> printed = new ArrayList<>();
        try (LogCapture logs = LogCapture.attach()) {
            List<String> bodies;
            try (Stack stack = new Stack(dataDir, Map.of("master-key-file", keyFile.toString()), PriceBook.none(), clock)) {
                String owner = stack.signup("canary2@example.com");
                secrets.add(owner);
                shownOnce.add(owner);
                assertThat(stack.addKey(owner, canary, "canary2").status()).isEqualTo(201);
                assertThat(stack.call("POST", "/api/v1/chat/completions", owner, CHAT).status()).isEqualTo(200);
                String app = stack.call("POST", "/api/v1/keys", owner, "{\"name\":\"app\"}").json().get("key").asText();
                secrets.add(app);
                shownOnce.add(app);
                String keyId = stack.call("GET", "/api/v1/byok", owner, null).json().at("/data/0/id").asText();

                // The rotation, as an operator runs it beside the gateway, and the status before and after.
                printed.add(cli("vault", "status", "--data", dataDir.toString(), "--master-key-file", keyFile.toString()));
                printed.add(cli("vault", "rotate", "--data", dataDir.toString(), "--master-key-file", keyFile.toString(), "--wait-s", "30"));
                printed.add(cli("vault", "status", "--data", dataDir.toString(), "--master-key-file", keyFile.toString()));
                assertThat(printed.get(1)).as("the rotation ran: %s", printed.get(1)).contains("rotation done");
                List<String> before = printed.get(0).lines().filter(l -> l.startsWith("version")).toList();
                List<String> after = printed.get(2).lines().filter(l -> l.startsWith("version")).toList();
                assertThat(after).as("one version left, the new one, wrapping the key").hasSize(1).doesNotContainAnyElementsOf(before);
                assertThat(after.getFirst()).contains("(primary): wraps 1 stored keys");
                assertThat(stack.call("POST", "/api/v1/chat/completions", owner, CHAT).status()).as("served after the rotation").isEqualTo(200);

                // Refusals: an inference key on management routes, a foreign session, a login that is not JSON.
                assertThat(stack.call("GET", "/api/v1/byok/" + keyId, app, null).status()).isEqualTo(403);
                assertThat(stack.call("PATCH", "/api/v1/byok/" + keyId, app, "{\"base_url\":\"http://127.0.0.1:9/v1\"}").status())
                        .isEqualTo(403);
                assertThat(stack.call("POST", "/api/v1/byok/" + keyId + "/validate", app, null).status()).isEqualTo(403);
                assertThat(stack.call("GET", "/api/v1/auth/sessions", null, null, Map.of("cookie", "ar_session=" + hex(16))).status())
                        .isEqualTo(401);

                // Password and session errors.
                Stack.Reply login = stack.call("POST", "/api/v1/auth/login", null, login("canary2@example.com", PASSWORD));
                String session = cookie(login);
                String csrf = login.json().get("csrf_token").asText();
                secrets.add(session);
                // The CSRF token is no credential by itself (the session row keeps it): it must only stay out of the logs.
                csrfTokens.add(csrf);
                Map<String, String> asSession = Map.of("cookie", "ar_session=" + session, "x-csrf-token", csrf);
                assertThat(stack.call("POST", "/api/v1/auth/password", null,
                        change(wrongPassword, newPassword), asSession).status()).isEqualTo(403);
                assertThat(stack.call("POST", "/api/v1/auth/password", null, change(PASSWORD, "password2024!"), asSession).status())
                        .isEqualTo(400);
                assertThat(stack.call("POST", "/api/v1/auth/password", null, change(PASSWORD, newPassword),
                        Map.of("cookie", "ar_session=" + session)).status()).as("no CSRF token").isEqualTo(403);
                assertThat(stack.call("DELETE", "/api/v1/auth/sessions", owner, null).status()).isEqualTo(200);
                assertThat(stack.call("GET", "/api/v1/auth/sessions", null, null, asSession).status()).as("signed out").isEqualTo(401);

                // The guessing limit: ten failures (one already counted above), then 429s.
                for (int i = 0; i < 9; i++) {
                    assertThat(stack.call("POST", "/api/v1/auth/login", null, login("canary2@example.com", wrongPassword)).status())
                            .isEqualTo(401);
                }
                assertThat(stack.call("POST", "/api/v1/auth/login", null, login("canary2@example.com", wrongPassword)).status())
                        .isEqualTo(429);
                assertThat(stack.call("POST", "/api/v1/auth/login", null, login("canary2@example.com", PASSWORD)).status())
                        .isEqualTo(429);
                assertThat(stack.call("POST", "/api/v1/auth/signup", null, login("canary3@example.com", PASSWORD)).status())
                        .isEqualTo(429);

                // A destination edited in the database: the row no longer opens, the request fails cleanly.
                try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("anyrouter.db"))) {
                    assertThat(c.createStatement().executeUpdate("UPDATE provider_keys SET base_url = 'http://127.0.0.1:9/v1'")).isEqualTo(1);
                }
                clock.advance(Duration.ofSeconds(31));
                Stack.Reply refused = stack.call("POST", "/api/v1/chat/completions", owner, CHAT);
                assertThat(refused.status()).isBetween(400, 599);
                assertThat(refused.json().at("/error/code").asText()).isNotBlank();
                bodies = List.copyOf(stack.bodiesSeen);
            }
            assertThat(logs.lines()).as("the gateway loaded the rotated key file").anyMatch(l -> l.contains("master key reloaded"));
            assertThat(logs.lines()).anyMatch(l -> l.contains("is skipped") && l.contains("does not open"));
            for (String csrf : csrfTokens) assertThat(SecretScan.inTexts("log", logs.lines(), csrf)).isEmpty();
            for (String secret : shownOnce) {
                assertThat(SecretScan.inTexts("response", bodies, secret).stream().distinct()).as("handed out once, never again").hasSize(1);
            }
            for (String secret : secrets) {
                assertThat(SecretScan.inTexts("log", logs.lines(), secret)).as("a secret in the logs").isEmpty();
                if (!shownOnce.contains(secret)) assertThat(SecretScan.inTexts("response", bodies, secret)).as("a secret in an answer").isEmpty();
                assertThat(SecretScan.inTexts("vault command output", printed, secret)).as("a secret in the command's output").isEmpty();
                assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), secret)).as("a secret in the database").isEmpty();
                assertThat(SecretScan.inFiles(dataDir, secret)).as("a secret in the data dir").isEmpty();
                assertThat(SecretScan.inFiles(keyDir, secret)).as("a secret beside the key file").isEmpty();
            }
        }
    }

    /** Runs an operator command in this JVM, as the jar would, and returns what it printed (both streams). */
    private static synchronized String cli(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        int code;
        try {
            System.setOut(capture);
            System.setErr(capture);
            code = AnyRouterCommand.commandLine().execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(code).as("%s exited %d: %s", String.join(" ", args), code, text).isZero();
        return text;
    }

    private static String login(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    private static String change(String current, String next) {
        return "{\"current_password\":\"" + current + "\",\"new_password\":\"" + next + "\"}";
    }

    private static String cookie(Stack.Reply reply) {
        String header = reply.headers().get("set-cookie").getFirst();
        return header.substring("ar_session=".length(), header.indexOf(';'));
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
