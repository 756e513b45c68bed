package dev.anyrouter.accounts;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashPermitsTest {
    @Test
    void noMoreThanThePermitCountRunAtOnce() throws Exception {
        HashPermits permits = new HashPermits(3, Duration.ofSeconds(30));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                done.add(threads.submit(() -> permits.run(() -> {
                    int now = running.incrementAndGet();
                    peak.accumulateAndGet(now, Math::max);
                    try {
                        Thread.sleep(5); // holds the permit while others queue (a stand-in for the hash's work)
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    return now;
                })));
            }
            for (Future<Integer> f : done) f.get();
        }
        assertThat(peak.get()).isEqualTo(3);
        assertThat(permits.available()).isEqualTo(3);
    }

    @Test
    void aCallerThatCannotGetAPermitInTimeIsRefusedAndHoldsNone() throws Exception {
        HashPermits permits = new HashPermits(1, Duration.ofMillis(50));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual().start(() -> permits.run(() -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holding.await();
        assertThatThrownBy(() -> permits.run(() -> "never")).isInstanceOf(HashingBusyException.class)
                .hasMessageContaining("try again");
        release.countDown();
        holder.join();
        assertThat(permits.run(() -> "after")).isEqualTo("after");
        assertThat(permits.available()).isEqualTo(1);
    }

    @Test
    void thePasswordHasherHashesAndVerifiesOnlyHoldingAPermit() throws Exception {
        HashPermits permits = new HashPermits(1, Duration.ofMillis(50));
        PasswordHasher hasher = new PasswordHasher(new SecureRandom(), permits);
        String hash = hasher.hash("correct horse battery staple".toCharArray());
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual().start(() -> permits.run(() -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holding.await();
        assertThatThrownBy(() -> hasher.verify("correct horse battery staple".toCharArray(), hash))
                .isInstanceOf(HashingBusyException.class);
        assertThatThrownBy(() -> hasher.hash("another long password".toCharArray())).isInstanceOf(HashingBusyException.class);
        release.countDown();
        holder.join();
        assertThat(hasher.verify("correct horse battery staple".toCharArray(), hash)).isTrue();
    }
}
