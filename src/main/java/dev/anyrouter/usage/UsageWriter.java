package dev.anyrouter.usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes usage records from the request path without blocking it and writes them in batches
 * on a thread of its own. A batch that fails is kept and written again (inserts are
 * idempotent by record id), and {@link #close()} drains everything still queued, so a
 * graceful shutdown loses nothing.
 *
 * <p>The writer keeps its own pace: it sleeps one interval, then writes what has queued in
 * batches of at most {@code maxBatch}, going again at once while batches come out full.
 * Recording a record never wakes it: a wake-up per request (a futex call and a carrier
 * thread unparked) cost more CPU than writing the record.
 */
public final class UsageWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);
    private static final int RETRIES_WHILE_CLOSING = 20;

    private final ConcurrentLinkedQueue<UsageRecord> queue = new ConcurrentLinkedQueue<>();
    private final UsageSink store;
    private final Consumer<List<UsageRecord>> afterWrite;
    private final Duration interval;
    private final int maxBatch;
    private final Thread worker;
    private volatile boolean closing;
    /** Times the writer came back from waiting for its next round; written by the writer only. */
    private volatile long wakeUps;
    private volatile boolean lowered;

    /**
     * @param afterWrite told of each written batch (e.g. to mark keys as last used); off the request path
     */
    public UsageWriter(UsageSink store, Consumer<List<UsageRecord>> afterWrite, Duration interval, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1");
        this.store = store;
        this.afterWrite = afterWrite;
        this.interval = interval;
        this.maxBatch = maxBatch;
        // A platform thread of its own, not a virtual one, because only an OS thread can be given a
        // lower priority: on busy cores a batch insert then waits for the event loops instead of
        // delaying requests (it set the gateway's p99 on two cores).
        this.worker = Thread.ofPlatform().name("usage-writer").daemon(true).start(() -> {
            lowered = BackgroundPriority.lowerCurrentThread();
            run();
        });
    }

    /** Queues a record; never blocks and never wakes the writer. */
    public void record(UsageRecord record) {
        queue.offer(record);
    }

    private void run() {
        List<UsageRecord> batch = new ArrayList<>(maxBatch);
        boolean full = false;
        int failuresWhileClosing = 0;
        while (true) {
            if (batch.isEmpty() && !full) awaitNextRound();
            // Read before draining: every record queued before close() is then seen by this drain.
            boolean last = closing;
            drain(batch);
            if (batch.isEmpty()) {
                if (last) return;
                full = false;
                continue;
            }
            full = batch.size() == maxBatch;
            try {
                store.insertBatch(batch);
                afterWrite.accept(List.copyOf(batch));
                batch.clear();
            } catch (RuntimeException e) {
                LOG.warn("writing {} usage records failed ({}); retrying", batch.size(), e.getClass().getSimpleName());
                if (closing && ++failuresWhileClosing > RETRIES_WHILE_CLOSING) {
                    LOG.error("gave up writing {} usage records at shutdown", batch.size() + queue.size());
                    return;
                }
                pause(RETRY_PAUSE);
            }
        }
    }

    private void drain(List<UsageRecord> batch) {
        UsageRecord next;
        while (batch.size() < maxBatch && (next = queue.poll()) != null) batch.add(next);
    }

    /**
     * Sleeps one interval, cut short only by {@link #close()}. Parking rather than interrupting:
     * an interrupt reaching the thread while it writes would close a PostgreSQL socket under it.
     */
    private void awaitNextRound() {
        long deadline = System.nanoTime() + interval.toNanos();
        long left;
        while (!closing && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
            wakeUps++;
        }
    }

    /** A pause after a failed write that close does not cut short, so retries at shutdown stay spaced. */
    private static void pause(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) LockSupport.parkNanos(left);
    }

    /** How often the writer has woken while waiting for its next round; for tests. */
    long wakeUps() {
        return wakeUps;
    }

    /** Whether the writer runs at a lower scheduling priority than the request path (Linux). */
    boolean runsLowered() {
        return lowered;
    }

    /** Stops waiting and writes whatever is queued before returning. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(worker);
        try {
            worker.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
