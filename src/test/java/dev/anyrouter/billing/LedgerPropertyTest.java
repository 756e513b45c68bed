package dev.anyrouter.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.TestDatabases;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded random operation sequences (grant, reserve, settle — sometimes twice, from two
 * threads at once — and release) run on many threads against a few accounts; afterwards the
 * ledger must add up: the books sum to zero, every balance equals its entries and is never
 * negative, every settled request has exactly one debit, and the totals match what the threads
 * saw the ledger accept.
 */
class LedgerPropertyTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    private static final int THREADS = 12;
    private static final int OPS_PER_THREAD = 60;
    private static final int ACCOUNTS = 3;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void concurrentReserveSettleReleaseAndGrantKeepTheLedgerBalanced(Engine engine) throws Exception {
        Database db = DATABASES.open(engine);
        Ledger ledger = new Ledger(db, Clock.systemUTC());
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) accounts.add(TestDatabases.createAccount(db));
        AtomicLong granted = new AtomicLong();
        AtomicLong debited = new AtomicLong();
        Map<String, Long> debitsPerRequest = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(THREADS)) {
            for (int t = 0; t < THREADS; t++) {
                long seed = 1_000 + t;
                pool.execute(() -> {
                    await(start);
                    Random random = new Random(seed);
                    for (int op = 0; op < OPS_PER_THREAD; op++) {
                        String account = accounts.get(random.nextInt(ACCOUNTS));
                        String request = "s" + seed + "-" + op;
                        if (random.nextInt(5) == 0) {
                            long amount = 1 + random.nextInt(20_000);
                            if (ledger.grant(account, amount, request, "grant")) granted.addAndGet(amount);
                            continue;
                        }
                        long hold = random.nextInt(15_000);
                        if (!(ledger.reserve(account, request, hold) instanceof Reservation.Held)) continue;
                        if (random.nextInt(4) == 0) {
                            ledger.release(account, request);
                            continue;
                        }
                        long cost = random.nextInt(20_000); // sometimes more than was held
                        long first = ledger.settle(account, request, cost, "m");
                        long retried = random.nextBoolean() ? ledger.settle(account, request, cost, "retry") : 0;
                        assertThat(retried).as("a retried settle bills nothing more").isZero();
                        debited.addAndGet(first);
                        debitsPerRequest.merge(request, first, Long::sum);
                    }
                });
            }
            start.countDown();
        }

        Map<String, Long> books = ledger.books();
        assertThat(books.values().stream().mapToLong(Long::longValue).sum()).as("debits = credits").isZero();
        assertThat(books.getOrDefault(Ledger.GRANTS_BOOK, 0L)).isEqualTo(-granted.get());
        assertThat(books.getOrDefault(Ledger.REVENUE_BOOK, 0L)).isEqualTo(debited.get());
        long total = 0;
        for (String account : accounts) {
            long balance = ledger.balanceMicros(account);
            assertThat(balance).isNotNegative().isEqualTo(ledger.runningBalanceMicros(account));
            assertThat(ledger.heldMicros(account)).as("every hold was closed").isZero();
            for (LedgerEntry e : ledger.entries(account)) {
                if (e.kind().equals(Ledger.DEBIT)) {
                    assertThat(-e.amountMicros()).as("one debit per settled request").isEqualTo(debitsPerRequest.get(e.requestId()));
                }
            }
            total += balance;
        }
        assertThat(total).isEqualTo(granted.get() - debited.get());
        long debitEntries = accounts.stream().flatMap(a -> ledger.entries(a).stream()).filter(e -> e.kind().equals(Ledger.DEBIT)).count();
        assertThat(debitEntries).isEqualTo(debitsPerRequest.size());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
