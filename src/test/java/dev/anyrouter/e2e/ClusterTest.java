package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.cluster.Change;
import dev.anyrouter.cluster.ChangeFeed;
import dev.anyrouter.store.Database;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three gateway nodes on one PostgreSQL, driven with the official OpenAI SDK spread across them:
 * what one node changes or learns, the others know within a second, and credits stay exact under
 * load from all three. Propagation within a second is the contract asserted (polling up to that
 * deadline); the time it took is printed, never asserted on.
 */
class ClusterTest {
    static final Duration CONTRACT = Duration.ofSeconds(1);
    static final String MODEL = "openai/gpt-4.1-mini";
    /** Dear enough that a $2 opening balance pays for a few dozen small requests. */
    static final ModelPrice PRICE = ModelPrice.usd("1000", "1000");
    static final int A = 0, B = 1, C = 2;

    static Cluster cluster;
    static Database observer;
    static ChangeFeed listener;
    static final List<Change> heard = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = new Cluster(3, id -> MODEL.equals(id) ? Optional.of(PRICE) : Optional.empty());
        // A fourth listener on the channel, for the test to see when a change went out.
        observer = Database.open(cluster.databaseUrl);
        listener = ChangeFeed.over(observer);
        listener.subscribe((change, remote) -> heard.add(change));
        assertThat(listener.awaitListening(Duration.ofSeconds(10))).isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        if (listener != null) listener.close();
        if (observer != null) observer.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void anApiKeyRevokedOnNodeAIsRefusedByBAndCWithinASecond() throws Exception {
        String owner = cluster.signup(A, "revoke@example.com");
        cluster.addKey(A, owner, "sk-mock-revoke-key-0001", "main", 1);
        Cluster.Reply made = cluster.call(A, "POST", "/api/v1/keys", owner, "{\"name\":\"app\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String app = made.json().get("key").asText();
        String appId = made.json().get("id").asText();
        OpenAIClient onB = cluster.client(B, app);
        OpenAIClient onC = cluster.client(C, app);
        // Both nodes now hold the key in their authentication caches (60 s before this work).
        assertThat(chat(onB).choices()).isNotEmpty();
        assertThat(chat(onC).choices()).isNotEmpty();

        assertThat(cluster.call(A, "DELETE", "/api/v1/keys/" + appId, owner, null).status()).isEqualTo(204);
        long revokedAt = System.nanoTime();
        long bRefused = awaitWithinContract("node B refuses the revoked key", () -> refused(onB), revokedAt);
        long cRefused = awaitWithinContract("node C refuses the revoked key", () -> refused(onC), revokedAt);
        System.out.printf("cluster: API key revoked on A, refused by B after %.1f ms, by C after %.1f ms%n",
                bRefused / 1e6, cRefused / 1e6);
        assertThat(chat(cluster.client(B, owner)).choices()).as("the owner's own key still works").isNotEmpty();
    }

    @Test
    void aProviderKeyDeletedOnNodeAIsNotUsedByBWithinASecond() throws Exception {
        String owner = cluster.signup(A, "delete@example.com");
        String first = cluster.addKey(A, owner, "sk-mock-delete-first-0a01", "first", 1);
        cluster.addKey(A, owner, "sk-mock-delete-second-0b02", "second", 2);
        OpenAIClient onB = cluster.client(B, owner);
        long before = cluster.upstreamCalls("0a01");
        chat(onB);
        assertThat(cluster.upstreamCalls("0a01")).as("B serves from the first key, and caches the pool").isEqualTo(before + 1);

        assertThat(cluster.call(A, "DELETE", "/api/v1/byok/" + first, owner, null).status()).isEqualTo(204);
        long deletedAt = System.nanoTime();
        long moved = awaitWithinContract("node B stops using the deleted key", () -> {
            long used = cluster.upstreamCalls("0a01");
            chat(onB);
            return cluster.upstreamCalls("0a01") == used;
        }, deletedAt);
        long after = cluster.upstreamCalls("0a01");
        for (int i = 0; i < 5; i++) chat(onB);
        assertThat(cluster.upstreamCalls("0a01")).as("never again").isEqualTo(after);
        System.out.printf("cluster: provider key deleted on A, no longer used by B after %.1f ms%n", moved / 1e6);
    }

    @Test
    void a401SeenByNodeBQuarantinesTheKeyOnAAndCWithinASecond() throws Exception {
        String owner = cluster.signup(A, "quarantine@example.com");
        String bad = cluster.addKey(A, owner, "sk-mock-quarantine-bad-0c03", "bad", 1);
        cluster.addKey(A, owner, "sk-mock-quarantine-good-0d04", "good", 2);
        List<OpenAIClient> clients = List.of(cluster.client(A, owner), cluster.client(B, owner), cluster.client(C, owner));
        long saved = cluster.upstreamCalls("0c03"); // the live validation on save
        for (OpenAIClient c : clients) chat(c); // every node has the pool cached with the key active
        assertThat(cluster.upstreamCalls("0c03")).isEqualTo(saved + 3);

        cluster.scriptMock("{\"key\":\"sk-mock-quarantine-bad-0c03\",\"status\":401}");
        chat(clients.get(B)); // B meets the 401, quarantines the key, and is served by the other
        long learnedAt = System.nanoTime();
        assertThat(cluster.upstreamCalls("0c03")).isEqualTo(saved + 4);
        long published = awaitWithinContract("the quarantine goes out", () -> heard.stream()
                .anyMatch(c -> c instanceof Change.KeyQuarantined q && q.keyId().equals(bad)), learnedAt);
        // A and C never call the key again: they skip it without having seen a 401 themselves.
        for (int node : List.of(A, C)) {
            for (int i = 0; i < 3; i++) chat(clients.get(node));
        }
        assertThat(cluster.upstreamCalls("0c03")).as("A and C skipped the quarantined key").isEqualTo(saved + 4);
        for (int node : List.of(A, C)) {
            Cluster.Reply key = cluster.call(node, "GET", "/api/v1/byok/" + bad, owner, null);
            assertThat(key.json().at("/status").asText()).as(key.body()).isEqualTo("quarantined");
        }
        System.out.printf("cluster: 401 on B, quarantine heard by the other nodes after %.1f ms; A and C then skipped it%n",
                published / 1e6);
    }

    @Test
    void threeHundredConcurrentCreditsRequestsOverTheNodesNeverOverdraw() throws Exception {
        String owner = cluster.signup(A, "credits@example.com");
        Cluster.Reply op = cluster.call(A, "POST", "/api/v1/admin/provider-keys", Cluster.ADMIN_TOKEN, "{\"provider\":\"openai\","
                + "\"key\":\"sk-mock-operator-credit-0e05\",\"alias\":\"house\",\"base_url\":\"" + cluster.mockBase() + "\"}");
        assertThat(op.status()).as(op.body()).isEqualTo(201);
        Cluster.Reply pool = cluster.call(B, "PUT", "/api/v1/byok/pools/openai", owner,
                "{\"strategy\":\"fallback\",\"fallback_to_credits\":true}");
        assertThat(pool.status()).as(pool.body()).isEqualTo(200);
        List<OpenAIClient> clients = List.of(cluster.client(A, owner), cluster.client(B, owner), cluster.client(C, owner));

        List<Future<Integer>> answers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 300; i++) {
                OpenAIClient client = clients.get(i % 3);
                answers.add(threads.submit(() -> {
                    try {
                        client.chat().completions().create(ChatCompletionCreateParams.builder().model(MODEL)
                                .maxCompletionTokens(16).addUserMessage("count to three").build());
                        return 200;
                    } catch (OpenAIServiceException e) {
                        return e.statusCode();
                    }
                }));
            }
        }
        int served = 0, refused = 0;
        for (Future<Integer> answer : answers) {
            int status = answer.get();
            if (status == 200) served++;
            else if (status == 402) refused++;
            else throw new AssertionError("unexpected answer " + status);
        }
        assertThat(served).as("some were served").isPositive();
        assertThat(refused).as("the balance ran out: some were refused").isPositive();

        await("every hold is closed", () -> heldMicros(owner) == 0, Duration.ofSeconds(10));
        long[] ledger = ledger("credits@example.com");
        long balance = ledger[0];
        long debits = ledger[1];
        long debitCount = ledger[2];
        assertThat(balance).as("never overdrawn").isNotNegative();
        assertThat(balance).as("the balance is the opening credit less every debit").isEqualTo(2_000_000 - debits);
        assertThat(debitCount).as("each served request debited once").isEqualTo(served);
        System.out.printf("cluster: 300 credits requests over 3 nodes: %d served, %d refused (402), balance $%.6f%n",
                served, refused, balance / 1e6);
    }

    private static long heldMicros(String owner) {
        try {
            return Math.round(cluster.call(A, "GET", "/api/v1/credits", owner, null).json().get("held_usd").asDouble() * 1e6);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The account's stored balance, the sum of its debits (positive) and their count, read from the database. */
    private static long[] ledger(String email) {
        return observer.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT b.balance_micros,"
                    + " (SELECT COALESCE(-SUM(amount_micros), 0) FROM ledger_entries e WHERE e.account_id = b.account_id AND kind = 'debit'),"
                    + " (SELECT COUNT(*) FROM ledger_entries e WHERE e.account_id = b.account_id AND kind = 'debit')"
                    + " FROM credit_balances b JOIN accounts a ON a.id = b.account_id WHERE a.email = ?")) {
                ps.setString(1, email);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) throw new AssertionError("no balance row for " + email);
                    return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
                }
            }
        });
    }

    static ChatCompletion chat(OpenAIClient client) {
        return client.chat().completions().create(ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("hi").build());
    }

    private static boolean refused(OpenAIClient client) {
        try {
            chat(client);
            return false;
        } catch (UnauthorizedException e) {
            return true;
        }
    }

    /**
     * Polls {@code condition} until it holds, failing once the contract's second since {@code sinceNanos}
     * has passed; returns how long after {@code sinceNanos} it held.
     */
    static long awaitWithinContract(String what, CheckedCondition condition, long sinceNanos) throws Exception {
        long deadline = sinceNanos + CONTRACT.toNanos();
        while (true) {
            if (condition.holds()) return System.nanoTime() - sinceNanos;
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": not within " + CONTRACT.toMillis() + " ms");
            Thread.sleep(5);
        }
    }

    /** Polls {@code condition} until it holds, failing after {@code patience}. */
    static void await(String what, CheckedCondition condition, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": not within " + patience.toMillis() + " ms");
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    interface CheckedCondition {
        boolean holds() throws Exception;
    }
}
