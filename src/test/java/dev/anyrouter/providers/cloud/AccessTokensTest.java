package dev.anyrouter.providers.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One token per credential, minted once however many ask, refreshed ahead of expiry, re-minted after a refusal; time injected. */
class AccessTokensTest {
    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-07T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @Test
    void aHundredConcurrentCallsOnAColdCredentialMintOneToken() throws Exception {
        AtomicInteger mints = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        AccessTokens tokens = new AccessTokens(() -> {
            mints.incrementAndGet();
            release.await(); // the mint is slow: every caller arrives while it is in flight
            return new AccessTokens.Minted("ya29.token-1", clock.instant().plusSeconds(3600));
        }, clock, threads, Duration.ofMinutes(5));
        List<CompletableFuture<String>> calls = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            CompletableFuture<String> result = new CompletableFuture<>();
            calls.add(result);
            callers.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    tokens.token().whenComplete((t, e) -> { if (e != null) result.completeExceptionally(e); else result.complete(t); });
                } catch (InterruptedException e) {
                    result.completeExceptionally(e);
                }
            }));
        }
        start.countDown();
        for (Thread t : callers) t.join();
        release.countDown();
        for (CompletableFuture<String> call : calls) assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo("ya29.token-1");
        assertThat(mints.get()).isEqualTo(1);
        assertThat(tokens.mintedCount()).isEqualTo(1);
        assertThat(tokens.token().toCompletableFuture().get()).isEqualTo("ya29.token-1");
        assertThat(mints.get()).as("a valid token is served from the cache").isEqualTo(1);
    }

    @Test
    void refreshesAheadOfExpiryWhileTheValidTokenStillServes() throws Exception {
        AtomicInteger mints = new AtomicInteger();
        AccessTokens tokens = new AccessTokens(() -> new AccessTokens.Minted("t" + mints.incrementAndGet(),
                clock.instant().plusSeconds(3600)), clock, threads, Duration.ofMinutes(5));
        assertThat(tokens.token().toCompletableFuture().get()).isEqualTo("t1");
        clock.advance(Duration.ofMinutes(54));
        assertThat(tokens.token().toCompletableFuture().get()).as("more than 5 minutes left: no refresh").isEqualTo("t1");
        assertThat(mints.get()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(2)); // 4 minutes left
        assertThat(tokens.token().toCompletableFuture().get()).as("still valid: served while the refresh runs").isEqualTo("t1");
        waitFor(() -> tokens.mintedCount() == 2);
        assertThat(tokens.token().toCompletableFuture().get()).isEqualTo("t2");
        clock.advance(Duration.ofHours(2)); // t2 has expired: the caller waits for t3
        assertThat(tokens.token().toCompletableFuture().get()).isEqualTo("t3");
    }

    @Test
    void aRefusedTokenIsForgottenAndTheNextCallMintsAnother() throws Exception {
        AtomicInteger mints = new AtomicInteger();
        AccessTokens tokens = new AccessTokens(() -> new AccessTokens.Minted("t" + mints.incrementAndGet(),
                clock.instant().plusSeconds(3600)), clock, threads, Duration.ofMinutes(5));
        assertThat(tokens.token().toCompletableFuture().get()).isEqualTo("t1");
        tokens.refused("t1");
        assertThat(tokens.token().toCompletableFuture().get()).isEqualTo("t2");
        tokens.refused("t1"); // a late refusal of the old token does not drop the new one
        assertThat(tokens.token().toCompletableFuture().get()).isEqualTo("t2");
        assertThat(mints.get()).isEqualTo(2);
    }

    @Test
    void aFailedMintFailsItsCallersAndTheNextCallTriesAgain() throws Exception {
        AtomicInteger mints = new AtomicInteger();
        AccessTokens tokens = new AccessTokens(() -> {
            if (mints.incrementAndGet() == 1) throw new TokenRefusedException(400, "the token endpoint refused the key (HTTP 400)");
            return new AccessTokens.Minted("t2", clock.instant().plusSeconds(3600));
        }, clock, threads, Duration.ofMinutes(5));
        assertThat(tokens.token().toCompletableFuture()).failsWithin(Duration.ofSeconds(5))
                .withThrowableThat().havingCause().isInstanceOf(TokenRefusedException.class);
        assertThat(tokens.token().toCompletableFuture().get()).isEqualTo("t2");
    }

    @Test
    void mintedTokensAreNeverPrinted() {
        assertThat(new AccessTokens.Minted("ya29.secret-token", Instant.EPOCH).toString()).doesNotContain("ya29");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) Thread.sleep(10);
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
