package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.store.Database;
import java.net.URI;
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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opting out is instant: with 50 pool requests in flight on a donated key, switching its donation
 * off answers at once, the 50 finish (and are credited), and no new pool request starts on it —
 * the mock counts requests per key.
 */
class PoolOptOutEndToEndTest {
    static final String ADMIN_TOKEN = "operator-token-for-tests-0123456789";
    static final String MODEL = "openai/gpt-4.1-mini";
    static final PriceBook PRICES = PriceBook.of(Map.of(MODEL, ModelPrice.usd("0.1", "0.4")));
    static final String DONOR_KEY = "sk-mock-donor-optout-8101";
    static final String OPERATOR_KEY = "sk-mock-operator-8102";
    static final int IN_FLIGHT = 50;

    @TempDir
    Path dir;

    @Test
    void switchingOffLetsTheFiftyInFlightFinishAndStartsNoNewOneOnTheKey() throws Exception {
        Path override = dir.resolve("operator-catalog.yaml");
        Files.writeString(override, """
                providers:
                  - id: openai
                    donation: {permitted: true, source: "https://example.com/our-openai-agreement", checked: 2026-12-08}
                """);
        Map<String, String> settings = new HashMap<>(Map.of("catalog-file", override.toString(), "admin-token", ADMIN_TOKEN,
                "pool-order", "pool-first"));
        try (Stack stack = new Stack(dir.resolve("data"), settings, PRICES, Clock.systemUTC())) {
            PoolCreditBackEndToEndTest.Donor donor = PoolCreditBackEndToEndTest.donor(stack, "optout@example.com", DONOR_KEY, "spare");
            Stack.Reply op = stack.call("POST", "/api/v1/admin/provider-keys", ADMIN_TOKEN, "{\"provider\":\"openai\",\"key\":\""
                    + OPERATOR_KEY + "\",\"alias\":\"house\",\"base_url\":\"" + stack.mockBase() + "\"}");
            assertThat(op.status()).as(op.body()).isEqualTo(201);
            String requester = stack.signup("pool-user@example.com");
            assertThat(stack.call("PUT", "/api/v1/byok/pools/openai", requester, "{\"fallback_to_credits\":true}").status()).isEqualTo(200);
            stack.call("DELETE", "http://127.0.0.1:" + stack.mock.port() + "/_mock/requests", null, null);
            // The donated key holds each answer for a while: the 50 are in flight together.
            stack.call("POST", "http://127.0.0.1:" + stack.mock.port() + "/_mock/script", null,
                    "{\"key\":\"" + DONOR_KEY + "\",\"delay_ms\":3000,\"times\":" + IN_FLIGHT + "}");

            String chat = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                inFlight.add(stack.http.sendAsync(HttpRequest.newBuilder(URI.create(stack.gatewayBase() + "/chat/completions"))
                        .timeout(Duration.ofSeconds(60)).header("authorization", "Bearer " + requester)
                        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(chat)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            awaitCalls(stack, DONOR_KEY, IN_FLIGHT);
            assertThat(inFlight).noneMatch(CompletableFuture::isDone);

            long started = System.nanoTime();
            Stack.Reply off = stack.call("PATCH", "/api/v1/byok/" + donor.keyId(), donor.apiKey(), "{\"donation\":\"off\"}");
            assertThat(off.status()).isEqualTo(200);
            assertThat(off.json().get("state").asText()).isEqualTo("off");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(inFlight.stream().filter(CompletableFuture::isDone).count()).as("the opt-out waits for no request").isLessThan(IN_FLIGHT);

            // New pool requests go to the operator's key; none starts on the donated one.
            for (int i = 0; i < 20; i++) {
                Stack.Reply r = stack.call("POST", "/api/v1/chat/completions", requester, chat);
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
            // The 50 in flight finish, served and billed.
            List<String> ids = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> f : inFlight) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                ids.add(r.headers().firstValue("x-anyrouter-request-id").orElseThrow());
            }
            Map<String, Integer> calls = PoolCreditBackEndToEndTest.callsByKey(stack);
            assertThat(calls.get(PoolCreditBackEndToEndTest.last4(DONOR_KEY))).isEqualTo(IN_FLIGHT);
            assertThat(calls.get(PoolCreditBackEndToEndTest.last4(OPERATOR_KEY))).isEqualTo(20);

            // In-flight ones are credited: one credit-back each, to the donor.
            for (String id : ids) stack.awaitLog(requester, id);
            try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("data/anyrouter.db"))) {
                for (int i = 0; i < 100 && PoolCreditBackEndToEndTest.longValue(db, "SELECT COUNT(*) FROM pool_credits") < IN_FLIGHT; i++) {
                    Thread.sleep(50);
                }
                assertThat(PoolCreditBackEndToEndTest.longValue(db, "SELECT COUNT(*) FROM pool_credits WHERE donor_account_id = ?",
                        donor.accountId())).isEqualTo(IN_FLIGHT);
                assertThat(PoolCreditBackEndToEndTest.longValue(db, "SELECT COUNT(*) FROM pool_credits")).isEqualTo(IN_FLIGHT);
            }
            JsonNode key = stack.call("GET", "/api/v1/pool", donor.apiKey(), null).json().get("keys").get(0);
            assertThat(key.get("donation").asText()).isEqualTo("off");
            assertThat(key.get("pool_requests").asLong()).isEqualTo(IN_FLIGHT);
        }
    }

    private static void awaitCalls(Stack stack, String key, int count) throws Exception {
        for (int i = 0; i < 400; i++) {
            if (PoolCreditBackEndToEndTest.callsByKey(stack).getOrDefault(PoolCreditBackEndToEndTest.last4(key), 0) >= count) return;
            Thread.sleep(25);
        }
        throw new AssertionError("the mock never saw " + count + " requests on the donated key: "
                + PoolCreditBackEndToEndTest.callsByKey(stack));
    }
}
