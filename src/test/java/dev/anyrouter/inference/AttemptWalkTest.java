package dev.anyrouter.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.billing.CreditsBudget;
import dev.anyrouter.billing.CreditsRules;
import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.Surcharges;
import dev.anyrouter.billing.Tariff;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.providers.exchange.AttemptExchange;
import dev.anyrouter.providers.exchange.ClientEndpoint;
import dev.anyrouter.providers.exchange.ClientSide;
import dev.anyrouter.providers.exchange.Outcome;
import dev.anyrouter.providers.exchange.Reply;
import dev.anyrouter.routing.Failover;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.routing.Plan;
import dev.anyrouter.store.Blocking;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.MutableClock;
import dev.anyrouter.store.TestDatabases;
import dev.anyrouter.usage.AttemptTrace;
import dev.anyrouter.usage.UsageRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The walk and settle steps together, without a server: scripted outcomes stand for the upstream,
 * while failover, key health and the credit hold are the real ones (the hold on a real ledger).
 * However the walk ends, the request is settled once: one usage record, and a held credit either
 * charged or released, once.
 */
class AttemptWalkTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    static final ModelPrice PRICE = ModelPrice.usd("0.40", "1.60");
    static final Usage USED = new Usage(200, 50, 0);

    final MutableClock clock = new MutableClock(Walks.T0);
    final KeyHealth health = KeyHealth.standard(clock, (key, reason) -> { });
    final Map<String, Outcome> scripted = new HashMap<>();
    final List<String> called = new ArrayList<>();
    final Walks.Books books = new Walks.Books();
    Vertx vertx;
    Blocking blocking;
    Ledger ledger;
    String account;
    AttemptWalk walk;
    Settle settle;

    /** The upstream, as scripted per key alias; a key with no script serves. */
    final AttemptExchange upstream = new AttemptExchange() {
        @Override
        public boolean passesThrough(ClientEndpoint endpoint, Provider provider, String upstreamModel) {
            return true;
        }

        @Override
        public Future<Outcome> attempt(UpstreamTarget target, String upstreamModel, ClientSide client, Reply reply) {
            String alias = target.credential().reveal().substring("sk-test-".length());
            called.add(alias + ":" + reply.billing());
            Outcome outcome = scripted.get(alias);
            if (outcome == null) outcome = Walks.served(Outcome.Ending.ANSWERED, 200, null, USED);
            if (outcome instanceof Outcome.Served served) reply.costs().costMicros(served.usage()); // what the relay annotates
            return Future.succeededFuture(outcome);
        }
    };

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        blocking = new Blocking(vertx);
        Database db = databases.open(Engine.SQLITE);
        ledger = new Ledger(db, clock);
        account = TestDatabases.createAccount(db);
        ledger.grant(account, 1_000_000, "grant-1", "test credit");
        Surcharges surcharges = Surcharges.loadDefault();
        Tariff tariff = new Tariff(surcharges);
        settle = new Settle(id -> Optional.of(PRICE), tariff, books, books.records::add);
        walk = new AttemptWalk(new Failover(health, clock, 16, 2), health, upstream,
                new Credits(ledger, blocking, new CreditsBudget(tariff), surcharges), new CreditsRules(surcharges), settle, clock);
    }

    @AfterEach
    void stop() throws Exception {
        blocking.close();
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    Ended walkAndSettle(Plan plan, boolean clientGone) throws Exception {
        Ended ended = walk.walk(Walks.request(account, true), plan, header -> null, Walks.response(clientGone))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        settle.settle(ended);
        return ended;
    }

    long cost(Usage used) {
        return PRICE.costMicros(used.inputTokens(), used.outputTokens(), used.cachedTokens());
    }

    @Test
    void aKeyThatFailsIsLeftForTheNextAndTheServedAnswerIsLoggedOnce() throws Exception {
        scripted.put("a", Walks.answered(503));

        Ended ended = walkAndSettle(Walks.plan(account, false, "a", "b"), false);

        assertThat(called).containsExactly("a:byok", "b:byok");
        assertThat(ended.ending()).isInstanceOf(Ended.Served.class);
        assertThat(ended.attempts()).extracting(AttemptTrace::outcome).containsExactly("503 next key", "ok");
        assertThat(books.records).singleElement().satisfies(r -> {
            assertThat(r.keyAlias()).isEqualTo("b");
            assertThat(r.costMicros()).isEqualTo(cost(USED));
        });
        assertThat(books.writes).as("BYOK holds no credit").isEmpty();
    }

    @Test
    void whenEveryKeyIsRejectedCreditsServeAndAreChargedOnce() throws Exception {
        scripted.put("a", Walks.answered(401));

        Ended ended = walkAndSettle(Walks.plan(account, true, "a"), false);

        assertThat(called).containsExactly("a:byok", "operator:credits");
        assertThat(ended.hold()).isNotNull();
        assertThat(ledger.heldMicros(account)).as("held until settled").isEqualTo(ended.hold().amountMicros());
        assertThat(books.writes).containsExactly("settle " + account + " req-1 " + cost(USED) + " openai/gpt-4.1-mini");
        assertThat(books.records).singleElement().satisfies(r -> assertThat(r.billing()).isEqualTo("credits"));
    }

    @Test
    void aCreditsStreamTheClientLeftMidWayIsChargedOnceForWhatItUsed() throws Exception {
        scripted.put("a", Walks.answered(401));
        scripted.put("operator", Walks.served(Outcome.Ending.CLIENT_GONE, 499, "client_closed", USED));

        walkAndSettle(Walks.plan(account, true, "a"), false);

        assertThat(books.writes).containsExactly("settle " + account + " req-1 " + cost(USED) + " openai/gpt-4.1-mini");
        assertThat(books.records).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(499));
    }

    @Test
    void aCreditsStreamTheUpstreamBrokeMidWayIsChargedOnceForWhatItProducedAndTheKeyMarked() throws Exception {
        scripted.put("a", Walks.answered(401));
        scripted.put("operator", Walks.served(Outcome.Ending.BROKEN, 502, "upstream_stream_failed", USED));

        Ended ended = walkAndSettle(Walks.plan(account, true, "a"), false);

        assertThat(books.writes).containsExactly("settle " + account + " req-1 " + cost(USED) + " openai/gpt-4.1-mini");
        assertThat(ended.attempts().getLast().outcome()).startsWith("ok, then the stream broke");
        assertThat(books.records).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.costMicros()).isEqualTo(cost(USED));
        });
    }

    @Test
    void creditsThatCannotServeEitherAreReleasedOnceWithTheReason() throws Exception {
        scripted.put("a", Walks.answered(401));
        scripted.put("operator", Walks.answered(503));

        Ended ended = walkAndSettle(Walks.plan(account, true, "a"), false);

        assertThat(ended.ending()).isInstanceOfSatisfying(Ended.Failed.class,
                failed -> assertThat(failed.error().code()).isEqualTo("credits_unavailable"));
        assertThat(books.writes).containsExactly("release " + account + " req-1");
        assertThat(books.records).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(503));
    }

    @Test
    void anUpstreamsRefusalOfTheRequestEndsTheWalkAndReleasesTheHold() throws Exception {
        scripted.put("a", Walks.answered(401));
        scripted.put("operator", Walks.answered(400));

        Ended ended = walkAndSettle(Walks.plan(account, true, "a"), false);

        assertThat(ended.ending()).isInstanceOfSatisfying(Ended.Refused.class, refused -> {
            assertThat(refused.error().status()).isEqualTo(400);
            assertThat(refused.error().message()).contains("anyrouter credits").doesNotContain("sk-test");
        });
        assertThat(books.writes).containsExactly("release " + account + " req-1");
        assertThat(books.records).hasSize(1);
    }

    @Test
    void aClientGoneBeforeAnyAttemptCallsNoUpstreamAndIsLoggedAs499() throws Exception {
        Ended ended = walkAndSettle(Walks.plan(account, true, "a"), true);

        assertThat(called).isEmpty();
        assertThat(ended.ending().status()).isEqualTo(499);
        assertThat(books.writes).isEmpty();
        assertThat(books.records).singleElement().satisfies(r -> assertThat(r.errorCode()).isEqualTo("client_closed"));
    }

    @Test
    void everyKeyDownWithNoCreditsAllowedSaysWhyInOneRecord() throws Exception {
        scripted.put("a", Walks.answered(429));
        scripted.put("b", Walks.answered(429));

        Ended ended = walkAndSettle(Walks.plan(account, false, "a", "b"), false);

        assertThat(ended.ending()).isInstanceOfSatisfying(Ended.Failed.class, failed -> {
            assertThat(failed.error().status()).isEqualTo(429);
            assertThat(failed.retryAfterSeconds()).isNotNull();
        });
        assertThat(books.records).singleElement().satisfies(r -> assertThat(r.errorCode()).isEqualTo("pool_rate_limited"));
    }
}
