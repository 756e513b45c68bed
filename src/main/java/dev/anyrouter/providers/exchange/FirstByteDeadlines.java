package dev.anyrouter.providers.exchange;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The first-byte deadlines of one event loop, without a Vert.x timer per attempt. A timer per
 * attempt (set, then cancelled when the answer came) cost about 2.7 % of the gateway's CPU, most of
 * it in Vert.x' concurrent map of timers and close hooks.
 *
 * <p>Every deadline here has the same duration and is added in time order, so the list is sorted by
 * expiry when deadlines are simply appended: adding and cancelling are O(1), and the earliest is at
 * the head. One wake-up at a time is armed, for the head's expiry (never sooner than
 * {@code resolution} after the last one, so a crowd of close deadlines costs one wake-up per
 * resolution step, each late by at most that); it is armed only while something is pending, so an
 * idle loop has no timer at all, and nothing keeps Vert.x from closing.
 *
 * <p>Confined to its event loop: every method runs on the loop's thread, so there are no locks.
 */
public final class FirstByteDeadlines {
    private static final long MIN_RESOLUTION_MS = 10;
    private static final long MAX_RESOLUTION_MS = 100;

    /** Runs {@code wake} once, {@code delayMillis} from now, on the same event loop. */
    @FunctionalInterface
    interface Wakeups {
        void after(long delayMillis, Runnable wake);
    }

    /**
     * One pending deadline. Intrusive: the attempt's own object is the node, so a deadline costs
     * no allocation beyond the attempt's.
     */
    public abstract static class Entry {
        private FirstByteDeadlines list;
        private Entry previous;
        private Entry next;
        private long dueNanos;

        /** The deadline passed before {@link #cancel()}: called once, on the loop. */
        protected abstract void expired();

        /** Takes the deadline out; harmless once it expired or was cancelled. */
        public final void cancel() {
            if (list != null) list.unlink(this);
        }

        /** Whether the deadline is still running (added, neither expired nor cancelled). */
        public final boolean pending() {
            return list != null;
        }
    }

    private final long timeoutNanos;
    private final long resolutionMillis;
    private final LongSupplier nanoTime;
    private final Wakeups wakeups;
    private Entry head;
    private Entry tail;
    private int size;
    private boolean armed;

    /**
     * @param timeout the one duration of every deadline here
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    FirstByteDeadlines(Duration timeout, LongSupplier nanoTime, Wakeups wakeups) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        this.timeoutNanos = timeout.toNanos();
        this.resolutionMillis = Math.clamp(timeout.toMillis() / 10, MIN_RESOLUTION_MS, MAX_RESOLUTION_MS);
        this.nanoTime = nanoTime;
        this.wakeups = wakeups;
    }

    /** The deadlines of the event loop this runs on, woken by Vert.x timers on that loop. */
    public static FirstByteDeadlines onLoop(Vertx vertx, Duration timeout) {
        return new FirstByteDeadlines(timeout, System::nanoTime, (delay, wake) -> vertx.setTimer(delay, id -> wake.run()));
    }

    /** Starts {@code entry}'s deadline: it expires {@code timeout} from now unless cancelled first. */
    public void add(Entry entry) {
        if (entry.list != null) throw new IllegalStateException("the deadline is already running");
        entry.dueNanos = nanoTime.getAsLong() + timeoutNanos;
        entry.list = this;
        entry.previous = tail;
        entry.next = null;
        if (tail == null) head = entry;
        else tail.next = entry;
        tail = entry;
        size++;
        if (!armed) arm();
    }

    /** How many deadlines are running. */
    int size() {
        return size;
    }

    private void unlink(Entry entry) {
        if (entry.previous == null) head = entry.next;
        else entry.previous.next = entry.next;
        if (entry.next == null) tail = entry.previous;
        else entry.next.previous = entry.previous;
        entry.list = null;
        entry.previous = null;
        entry.next = null;
        size--;
    }

    private void arm() {
        armed = true;
        long untilHead = head.dueNanos - nanoTime.getAsLong();
        long delayMillis = Math.max(resolutionMillis, Math.ceilDiv(untilHead, 1_000_000L));
        wakeups.after(delayMillis, this::wake);
    }

    /** Expires every deadline that is due, earliest first, then waits for the next one if any. */
    private void wake() {
        armed = false;
        try {
            long now = nanoTime.getAsLong();
            while (head != null && head.dueNanos - now <= 0) {
                Entry due = head;
                unlink(due);
                due.expired(); // may add a deadline (the next attempt), which arms the next wake-up
            }
        } finally {
            if (head != null && !armed) arm();
        }
    }
}
