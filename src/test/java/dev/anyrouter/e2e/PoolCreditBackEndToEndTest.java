package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.billing.LedgerAudit;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.store.Database;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool serving credits traffic on donated keys, end to end: a requester with no key of its
 * own is served on two donors' keys (one of which fails at first, so requests fail over), each
 * served request credits exactly 5 % of its notional cost to the donor whose key served it, to the
 * micro-dollar, as a ledger entry of its own linked to the usage record; failed attempts earn
 * nothing and nothing is credited twice; a donor's own requests earn nothing; the ledger audit
 * passes; and neither side sees the other.
 */
class PoolCreditBackEndToEndTest {
    static final String MODEL = "openai/gpt-4.1-mini";
    /** Prices that leave fractions of a micro-dollar in 5 %, so the rounding is exercised. */
    static final PriceBook PRICES = PriceBook.of(Map.of(MODEL, ModelPrice.usd("1.23", "15.7")));
    static final String DONOR_A_KEY = "sk-mock-donor-a-7001";
    static final String DONOR_B_KEY = "sk-mock-donor-b-7002";
    static final String PROMPT = "PROMPT-CANARY-say-hi";
    static final String APP = "requester-secret-app";
    static final int REQUESTS = 12;

    @TempDir
    Path dataDir;

    @Test
    void poolRequestsCreditTheirDonorFivePercentOnceAndNeitherSideSeesTheOther() throws Exception {
        Path override = dataDir.resolve("operator-catalog.yaml");
        Files.createDirectories(dataDir);
        Files.writeString(override, """
                providers:
                  - id: openai
                    donation: {permitted: true, source: "https://example.com/our-openai-agreement", checked: 2026-12-08}
                """);
        Map<String, String> settings = new HashMap<>(Map.of("catalog-file", override.toString(), "signup-grant-usd", "2"));
        try (Stack stack = new Stack(dataDir.resolve("data"), settings, PRICES, Clock.systemUTC())) {
            Donor a = donor(stack, "donor-a@example.com", DONOR_A_KEY, "donor A's key");
            Donor b = donor(stack, "donor-b@example.com", DONOR_B_KEY, "donor B's key");
            String requester = stack.signup("requester@example.com");
            assertThat(stack.call("PUT", "/api/v1/byok/pools/openai", requester, "{\"fallback_to_credits\":true}").status()).isEqualTo(200);
            stack.call("DELETE", "http://127.0.0.1:" + stack.mock.port() + "/_mock/requests", null, null);
            // Donor A's key fails its first two calls: those requests fail over to B, and A earns nothing for them.
            stack.scriptMock(DONOR_A_KEY, 500, 2);

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                boolean stream = i % 3 == 2;
                Stack.Reply r = stack.call("POST", "/api/v1/chat/completions", requester, "{\"model\":\"" + MODEL + "\",\"stream\":"
                        + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}", Map.of("X-Title", APP));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.headers().get("x-anyrouter-billing")).containsExactly("credits");
                ids.add(r.headers().get("x-anyrouter-request-id").getFirst());
            }
            List<JsonNode> logs = new ArrayList<>();
            for (String id : ids) logs.add(stack.awaitLog(requester, id));

            // The donor's own request on the donated key: BYOK, no credit-back.
            Stack.Reply own = stack.call("POST", "/api/v1/chat/completions", a.apiKey, "{\"model\":\"" + MODEL
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"mine\"}]}");
            assertThat(own.status()).isEqualTo(200);
            assertThat(own.headers().get("x-anyrouter-billing")).containsExactly("byok");
            String ownId = own.headers().get("x-anyrouter-request-id").getFirst();
            stack.awaitLog(a.apiKey, ownId);

            Map<String, Integer> calls = callsByKey(stack);
            try (Database db = Database.open("jdbc:sqlite:" + dataDir.resolve("data/anyrouter.db"))) {
                Map<String, Long> cost = new HashMap<>();
                for (String id : ids) cost.put(id, longValue(db, "SELECT cost_micros FROM usage_records WHERE id = ?", id));
                long creditedA = 0;
                long creditedB = 0;
                long expectedTotal = 0;
                int servedA = 0;
                int servedB = 0;
                for (String id : ids) {
                    long expected = BigDecimal.valueOf(cost.get(id)).multiply(new BigDecimal("0.05"))
                            .setScale(0, RoundingMode.HALF_UP).longValueExact();
                    expectedTotal += expected;
                    assertThat(cost.get(id)).as("cost of " + id).isPositive();
                    // Exactly one credit-back row and one grant per request, to the micro-dollar.
                    assertThat(longValue(db, "SELECT COUNT(*) FROM pool_credits WHERE request_id = ?", id)).isEqualTo(1);
                    long credit = longValue(db, "SELECT credit_micros FROM pool_credits WHERE request_id = ?", id);
                    assertThat(credit).as("credit of " + id).isEqualTo(expected);
                    assertThat(longValue(db, "SELECT notional_micros FROM pool_credits WHERE request_id = ?", id)).isEqualTo(cost.get(id));
                    String donor = text(db, "SELECT donor_account_id FROM pool_credits WHERE request_id = ?", id);
                    // Its own ledger entry, linked to the usage record through the credit row (not by the requester's id).
                    String creditId = text(db, "SELECT credit_id FROM pool_credits WHERE request_id = ?", id);
                    assertThat(longValue(db, "SELECT COUNT(*) FROM ledger_entries WHERE request_id = ?", creditId)).isEqualTo(1);
                    assertThat(longValue(db, "SELECT amount_micros FROM ledger_entries WHERE request_id = ? AND kind = 'grant'"
                            + " AND account_id = '" + donor + "'", creditId)).isEqualTo(expected);
                    assertThat(longValue(db, "SELECT COUNT(*) FROM ledger_entries WHERE request_id = ? AND kind = 'grant'", id)).isZero();
                    if (donor.equals(a.accountId)) {
                        creditedA += credit;
                        servedA++;
                    } else {
                        assertThat(donor).isEqualTo(b.accountId);
                        creditedB += credit;
                        servedB++;
                    }
                }
                // Failed attempts earn nothing: A was called twice more than it served, B exactly as often.
                assertThat(calls.getOrDefault(last4(DONOR_A_KEY), 0)).isEqualTo(servedA + 2 + 1); // + the donor's own request
                assertThat(calls.getOrDefault(last4(DONOR_B_KEY), 0)).isEqualTo(servedB);
                assertThat(servedA + servedB).isEqualTo(REQUESTS);
                assertThat(servedB).isGreaterThanOrEqualTo(2);
                // The donors' balances moved by exactly their credit-backs; the total is 5 % of the total, to the cent.
                assertThat(balance(stack, a.apiKey)).isEqualTo(2_000_000 + creditedA);
                assertThat(balance(stack, b.apiKey)).isEqualTo(2_000_000 + creditedB);
                long totalCost = cost.values().stream().mapToLong(Long::longValue).sum();
                assertThat(creditedA + creditedB).isEqualTo(expectedTotal);
                assertThat(Math.abs(creditedA + creditedB - totalCost * 0.05)).isLessThan(10_000);
                // None for the donor's own request.
                assertThat(longValue(db, "SELECT COUNT(*) FROM pool_credits WHERE request_id = ?", ownId)).isZero();
                assertThat(longValue(db, "SELECT COUNT(*) FROM pool_credits")).isEqualTo(REQUESTS);

                LedgerAudit.Report audit = new LedgerAudit(db, Clock.systemUTC(), Duration.ofHours(1), Duration.ZERO).run();
                assertThat(audit.breaches()).isEmpty();
            }

            // The requester sees "pool", never a donor's alias, key or account.
            for (JsonNode log : logs) {
                assertThat(log.get("key_alias").asText()).isEqualTo("pool");
                assertThat(log.get("key_id").isNull()).as(log.toString()).isTrue();
                String text = log.toString();
                for (String hidden : List.of(a.keyId, b.keyId, a.accountId, b.accountId, "donor A's key", "donor B's key", "donor-a@", "donor-b@")) {
                    assertThat(text).doesNotContain(hidden);
                }
            }
            // The donor sees counts, tokens and credits per key and day, never the requester, its prompt or its app.
            JsonNode pool = stack.call("GET", "/api/v1/pool", b.apiKey, null).json();
            JsonNode keyView = pool.get("keys").get(0);
            assertThat(keyView.get("pool_requests").asLong()).isEqualTo((long) calls.get(last4(DONOR_B_KEY)));
            assertThat(keyView.get("pool_output_tokens").asLong()).isPositive();
            assertThat(pool.get("days").get(0).get("requests").asLong()).isEqualTo((long) calls.get(last4(DONOR_B_KEY)));
            for (Donor donor : List.of(a, b)) {
                List<String> seen = new ArrayList<>();
                for (String path : List.of("/api/v1/pool", "/api/v1/logs", "/api/v1/analytics", "/api/v1/credits")) {
                    Stack.Reply r = stack.call("GET", path, donor.apiKey, null);
                    assertThat(r.status()).as(path).isEqualTo(200);
                    seen.add(r.body());
                }
                for (String body : seen) {
                    assertThat(body).doesNotContain(PROMPT).doesNotContain(APP).doesNotContain("requester@");
                    for (String id : ids) assertThat(body).as("the donor's views name no pool request").doesNotContain(id);
                }
            }
            for (String key : List.of(DONOR_A_KEY, DONOR_B_KEY)) {
                assertThat(SecretScan.inTexts("answer", stack.bodiesSeen, key)).isEmpty();
            }
        }
        for (String key : List.of(DONOR_A_KEY, DONOR_B_KEY)) {
            assertThat(SecretScan.inFiles(dataDir, key)).isEmpty();
        }
    }

    record Donor(String apiKey, String accountId, String keyId) {}

    /** Signs up, adds an OpenAI key on the mock, consents and donates it. */
    static Donor donor(Stack stack, String email, String providerKey, String alias) throws Exception {
        Stack.Reply signup = stack.call("POST", "/api/v1/auth/signup", null,
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery staple\"}");
        assertThat(signup.status()).isEqualTo(201);
        String apiKey = signup.json().get("api_key").asText();
        String account = signup.json().get("account_id").asText();
        Stack.Reply added = stack.addKey(apiKey, providerKey, alias);
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String keyId = added.json().get("id").asText();
        String version = stack.call("GET", "/api/v1/pool", apiKey, null).json().at("/consent_text/text_version").asText();
        assertThat(stack.call("POST", "/api/v1/pool/consent", apiKey, "{\"text_version\":\"" + version + "\"}").status()).isEqualTo(200);
        Stack.Reply on = stack.call("PATCH", "/api/v1/byok/" + keyId, apiKey, "{\"donation\":\"on\"}");
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        assertThat(on.json().get("state").asText()).isEqualTo("donating");
        return new Donor(apiKey, account, keyId);
    }

    static Map<String, Integer> callsByKey(Stack stack) throws Exception {
        Map<String, Integer> calls = new HashMap<>();
        for (JsonNode r : stack.call("GET", "http://127.0.0.1:" + stack.mock.port() + "/_mock/requests", null, null).json()) {
            if (r.get("path").asText().endsWith("/chat/completions")) calls.merge(r.get("key_last4").asText(), 1, Integer::sum);
        }
        return calls;
    }

    static String last4(String key) {
        return key.substring(key.length() - 4);
    }

    static long balance(Stack stack, String apiKey) throws Exception {
        return Math.round(stack.call("GET", "/api/v1/credits", apiKey, null).json().get("balance_usd").asDouble() * 1_000_000);
    }

    static long longValue(Database db, String sql, String... args) {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    static String text(Database db, String sql, String arg) {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement(sql)) {
                ps.setString(1, arg);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }
}
