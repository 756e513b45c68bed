package dev.anyrouter.accounts;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * How many password hashes may be computed at once. Each Argon2id hash holds 19 MiB while it runs,
 * so a burst of logins or sign-ups left unbounded would take the heap; with {@code permits} the
 * most it can hold is {@code permits × 19 MiB}. A caller waits for a permit a short while, and only
 * a bounded number wait at all: past either, the work is refused with {@link HashingBusyException}
 * (the client is told to retry in a second) instead of queueing without end.
 */
public final class HashPermits {
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final int WAITERS_PER_PERMIT = 8;

    private final Semaphore permits;
    private final int maxWaiting;
    private final Duration wait;
    private final AtomicInteger waiting = new AtomicInteger();

    /** {@code count} hashes at once, each caller waiting up to two seconds. */
    public HashPermits(int count) {
        this(count, WAIT);
    }

    HashPermits(int count, Duration wait) {
        if (count < 1) throw new IllegalArgumentException("at least one permit");
        this.permits = new Semaphore(count, true);
        this.maxWaiting = count * WAITERS_PER_PERMIT;
        this.wait = wait;
    }

    /** Runs {@code hashing} holding a permit. */
    <T> T run(Supplier<T> hashing) {
        acquire();
        try {
            return hashing.get();
        } finally {
            permits.release();
        }
    }

    private void acquire() {
        if (permits.tryAcquire()) return;
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            throw new HashingBusyException();
        }
        try {
            if (!permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) throw new HashingBusyException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HashingBusyException();
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Permits free right now (tests). */
    int available() {
        return permits.availablePermits();
    }
}
