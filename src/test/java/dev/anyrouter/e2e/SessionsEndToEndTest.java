package dev.anyrouter.e2e;

import dev.anyrouter.billing.PriceBook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions and sign-in over real HTTP: the guessing limit with its 429 and Retry-After, the window
 * run out on a stepped clock (no sleeping), the session token rotated at login and at a password
 * change, other sessions ended by it, "sign out everywhere", Secure cookies behind TLS, and the
 * client's address read from X-Forwarded-For only behind a trusted proxy. Every password, token
 * and key used is then searched for in the logs, the answers and the database.
 */
class SessionsEndToEndTest {
    static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dataDir;

    @Test
    void theEleventhWrongPasswordGets429WithRetryAfterAndAfterTheWindowTheRightOneWorks() throws Exception {
        SteppingClock clock = new SteppingClock();
        String wrong = "wrong-" + HexFormat.of().formatHex(randomBytes());
        try (LogCapture logs = LogCapture.attach()) {
            Stack stack = new Stack(dataDir, Map.of(), PriceBook.none(), clock);
            stack.signup("guess@example.com");
            for (int i = 0; i < 10; i++) {
                assertThat(login(stack, "guess@example.com", wrong + i, Map.of()).status()).as("failure %d", i + 1).isEqualTo(401);
            }
            Stack.Reply eleventh = login(stack, "guess@example.com", wrong + 10, Map.of());
            assertThat(eleventh.status()).as("the 11th wrong password").isEqualTo(429);
            assertThat(eleventh.json().at("/error/code").asText()).isEqualTo("too_many_attempts");
            assertThat(eleventh.headers()).containsKey("retry-after").doesNotContainKey("set-cookie");
            Stack.Reply limited = login(stack, "guess@example.com", PASSWORD, Map.of());
            assertThat(limited.status()).as("the right password inside the window").isEqualTo(429);
            assertThat(limited.json().at("/error/code").asText()).isEqualTo("too_many_attempts");
            assertThat(limited.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
            // The clock is real time plus what the test adds, so the wait is 15 minutes less the test's own seconds.
            long wait = Long.parseLong(limited.headers().get("retry-after").getFirst());
            assertThat(wait).isBetween(840L, 900L);
            assertThat(limited.json().at("/error/message").asText()).contains("try again in " + wait + " seconds");
            assertThat(limited.headers()).doesNotContainKey("set-cookie");
            // Sign-up from the same address is refused too: the address is over its limit.
            assertThat(stack.call("POST", "/api/v1/auth/signup", null,
                    "{\"email\":\"other@example.com\",\"password\":\"" + PASSWORD + "\"}").status()).isEqualTo(429);

            clock.advance(Duration.ofMinutes(10));
            Stack.Reply still = login(stack, "guess@example.com", PASSWORD, Map.of());
            assertThat(still.status()).isEqualTo(429);
            assertThat(Long.parseLong(still.headers().get("retry-after").getFirst())).isBetween(240L, 300L);
            clock.advance(Duration.ofMinutes(5));
            Stack.Reply works = login(stack, "guess@example.com", PASSWORD, Map.of());
            assertThat(works.status()).isEqualTo(200);
            assertThat(cookie(works)).isNotNull();
            stack.close();
            for (int i = 0; i <= 10; i++) {
                assertThat(SecretScan.inTexts("log", logs.lines(), wrong + i)).isEmpty();
                assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), wrong + i)).isEmpty();
            }
            assertThat(SecretScan.inTexts("log", logs.lines(), PASSWORD)).isEmpty();
            assertThat(SecretScan.inTexts("response", stack.bodiesSeen, PASSWORD)).isEmpty();
            assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), PASSWORD)).isEmpty();
        }
    }

    @Test
    void loginRotatesTheTokenAPasswordChangeEndsEveryOtherSessionAndSignOutEverywhereEndsAll() throws Exception {
        try (LogCapture logs = LogCapture.attach()) {
            Stack stack = new Stack(dataDir);
            String apiKey = stack.signup("sessions@example.com");
            Stack.Reply first = login(stack, "sessions@example.com", PASSWORD, Map.of("user-agent", "first browser"));
            String planted = cookie(first);
            Stack.Reply again = login(stack, "sessions@example.com", PASSWORD, Map.of("cookie", "ar_session=" + planted));
            String mine = cookie(again);
            assertThat(mine).isNotEqualTo(planted);
            assertThat(sessions(stack, planted).status()).as("the token presented at login ended").isEqualTo(401);
            String other = cookie(login(stack, "sessions@example.com", PASSWORD, Map.of("user-agent", "other browser")));

            Stack.Reply listed = sessions(stack, mine);
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.json().get("data")).hasSize(2);
            assertThat(listed.body()).doesNotContain(mine).doesNotContain(other).contains("other browser");
            assertThat(listed.json().at("/data").findValuesAsText("current")).containsExactlyInAnyOrder("true", "false");

            // Without the session's CSRF token a cookie cannot change the password.
            String change = "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"a brand new passphrase\"}";
            assertThat(stack.call("POST", "/api/v1/auth/password", null, change, Map.of("cookie", "ar_session=" + mine)).status())
                    .isEqualTo(403);
            Stack.Reply wrong = stack.call("POST", "/api/v1/auth/password", null,
                    "{\"current_password\":\"not it at all\",\"new_password\":\"a brand new passphrase\"}",
                    Map.of("cookie", "ar_session=" + mine, "x-csrf-token", again.json().get("csrf_token").asText()));
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(wrong.json().at("/error/code").asText()).isEqualTo("wrong_password");
            Stack.Reply weak = stack.call("POST", "/api/v1/auth/password", null,
                    "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"password2024!\"}",
                    Map.of("cookie", "ar_session=" + mine, "x-csrf-token", again.json().get("csrf_token").asText()));
            assertThat(weak.status()).isEqualTo(400);
            assertThat(weak.json().at("/error/code").asText()).isEqualTo("weak_password");

            Stack.Reply changed = stack.call("POST", "/api/v1/auth/password", null, change,
                    Map.of("cookie", "ar_session=" + mine, "x-csrf-token", again.json().get("csrf_token").asText()));
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.json().get("sessions_ended").asInt()).isEqualTo(1);
            String rotated = cookie(changed);
            assertThat(rotated).isNotEqualTo(mine);
            assertThat(sessions(stack, other).status()).as("the other browser is signed out").isEqualTo(401);
            assertThat(sessions(stack, mine).status()).as("this browser's old token").isEqualTo(401);
            assertThat(sessions(stack, rotated).status()).isEqualTo(200);
            assertThat(login(stack, "sessions@example.com", PASSWORD, Map.of()).status()).isEqualTo(401);
            String later = cookie(login(stack, "sessions@example.com", "a brand new passphrase", Map.of()));

            // Sign out everywhere, here with the account's API key (the README's management key).
            Stack.Reply everywhere = stack.call("DELETE", "/api/v1/auth/sessions", apiKey, null);
            assertThat(everywhere.status()).isEqualTo(200);
            assertThat(everywhere.json().get("sessions_ended").asInt()).isEqualTo(2);
            assertThat(sessions(stack, rotated).status()).isEqualTo(401);
            assertThat(sessions(stack, later).status()).isEqualTo(401);
            stack.close();
            for (String secret : List.of(planted, mine, other, rotated, later, PASSWORD, "a brand new passphrase")) {
                assertThat(SecretScan.inTexts("log", logs.lines(), secret)).isEmpty();
                assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), secret)).isEmpty();
            }
        }
    }

    @Test
    void cookiesAreSecureBehindAnHttpsPublicUrlAndNotOtherwise() throws Exception {
        try (Stack plain = new Stack(dataDir.resolve("plain"))) {
            plain.signup("plain@example.com");
            assertThat(setCookie(login(plain, "plain@example.com", PASSWORD, Map.of()))).doesNotContainIgnoringCase("secure");
        }
        try (Stack tls = new Stack(dataDir.resolve("tls"), Map.of("public-url", "https://router.example.com"))) {
            tls.signup("tls@example.com");
            Stack.Reply reply = login(tls, "tls@example.com", PASSWORD, Map.of());
            assertThat(setCookie(reply)).containsIgnoringCase("; secure").containsIgnoringCase("httponly")
                    .containsIgnoringCase("samesite=strict");
            assertThat(setCookie(tls.call("POST", "/api/v1/auth/logout", null, null,
                    Map.of("cookie", "ar_session=" + cookie(reply))))).containsIgnoringCase("; secure");
        }
        try (Stack forced = new Stack(dataDir.resolve("forced"), Map.of("secure-cookies", "true"))) {
            forced.signup("forced@example.com");
            assertThat(setCookie(login(forced, "forced@example.com", PASSWORD, Map.of()))).containsIgnoringCase("; secure");
        }
    }

    @Test
    void forwardedForNamesTheClientOnlyBehindATrustedProxy() throws Exception {
        try (Stack direct = new Stack(dataDir.resolve("direct"))) {
            for (int i = 0; i < 10; i++) {
                assertThat(login(direct, "nobody" + i + "@example.com", PASSWORD, Map.of("x-forwarded-for", "198.51.100." + i))
                        .status()).isEqualTo(401);
            }
            assertThat(login(direct, "fresh@example.com", PASSWORD, Map.of("x-forwarded-for", "198.51.100.99")).status())
                    .as("a header the client wrote cannot give it a new address").isEqualTo(429);
        }
        try (Stack proxied = new Stack(dataDir.resolve("proxied"), Map.of("trusted-proxies", "127.0.0.1"))) {
            for (int i = 0; i < 10; i++) {
                assertThat(login(proxied, "nobody" + i + "@example.com", PASSWORD, Map.of("x-forwarded-for", "198.51.100.1"))
                        .status()).isEqualTo(401);
            }
            assertThat(login(proxied, "fresh@example.com", PASSWORD, Map.of("x-forwarded-for", "198.51.100.1")).status())
                    .isEqualTo(429);
            assertThat(login(proxied, "fresh@example.com", PASSWORD, Map.of("x-forwarded-for", "198.51.100.2")).status())
                    .as("another client behind the same proxy").isEqualTo(401);
            assertThat(login(proxied, "fresh@example.com", PASSWORD, Map.of("x-forwarded-for", "198.51.100.1, 198.51.100.2"))
                    .status()).as("only the hop the proxy appended counts").isEqualTo(401);
        }
    }

    @Test
    void theLoginLimitAndItsWindowAreSettings() throws Exception {
        SteppingClock clock = new SteppingClock();
        try (Stack stack = new Stack(dataDir, Map.of("login-max-failures", "3", "login-window-s", "60"), PriceBook.none(), clock)) {
            stack.signup("settings@example.com");
            for (int i = 0; i < 3; i++) {
                assertThat(login(stack, "settings@example.com", "not the password " + i, Map.of()).status()).isEqualTo(401);
            }
            Stack.Reply limited = login(stack, "settings@example.com", "not the password 3", Map.of());
            assertThat(limited.status()).as("the 4th failure of 3 allowed").isEqualTo(429);
            assertThat(Long.parseLong(limited.headers().get("retry-after").getFirst())).isBetween(1L, 60L);
            clock.advance(Duration.ofSeconds(61));
            assertThat(login(stack, "settings@example.com", PASSWORD, Map.of()).status()).as("after the 60 s window").isEqualTo(200);
        }
    }

    @Test
    void aSessionUnusedPastTheIdleTimeoutOrPastItsLifetimeEndsAndItsRowIsDeletedAtTheNextStart() throws Exception {
        SteppingClock clock = new SteppingClock();
        Map<String, String> short_ = Map.of("session-idle-timeout-s", "60", "session-lifetime-s", "150");
        try (Stack stack = new Stack(dataDir, short_, PriceBook.none(), clock)) {
            stack.signup("idle@example.com");
            String idle = cookie(login(stack, "idle@example.com", PASSWORD, Map.of()));
            String busy = cookie(login(stack, "idle@example.com", PASSWORD, Map.of()));
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofSeconds(45));
                assertThat(sessions(stack, busy).status()).as("used every 45 s, at %d s", 45 * (i + 1)).isEqualTo(200);
            }
            assertThat(sessions(stack, idle).status()).as("unused for 135 s of a 60 s idle timeout").isEqualTo(401);
            clock.advance(Duration.ofSeconds(20));
            assertThat(sessions(stack, busy).status()).as("busy, but 155 s after login of a 150 s lifetime").isEqualTo(401);
            assertThat(sessionRows()).as("ended rows are still there until the sweep").isEqualTo(2);
        }
        try (Stack restarted = new Stack(dataDir, short_, PriceBook.none(), clock)) {
            for (int i = 0; i < 50 && sessionRows() > 0; i++) Thread.sleep(100); // the sweep runs beside the start
            assertThat(sessionRows()).as("the start-up sweep deleted both").isZero();
        }
    }

    private long sessionRows() throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("anyrouter.db"));
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM sessions")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Stack.Reply login(Stack stack, String email, String password, Map<String, String> headers) throws Exception {
        return stack.call("POST", "/api/v1/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", headers);
    }

    private static Stack.Reply sessions(Stack stack, String token) throws Exception {
        return stack.call("GET", "/api/v1/auth/sessions", null, null, Map.of("cookie", "ar_session=" + token));
    }

    private static String setCookie(Stack.Reply reply) {
        List<String> set = reply.headers().getOrDefault("set-cookie", List.of());
        assertThat(set).as("Set-Cookie").hasSize(1);
        return set.getFirst();
    }

    private static String cookie(Stack.Reply reply) {
        String header = setCookie(reply);
        assertThat(header).startsWith("ar_session=");
        return header.substring("ar_session=".length(), header.indexOf(';'));
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
