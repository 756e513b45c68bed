package dev.anyrouter.usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes usage records from the request path without blocking it and writes them in batches
 * on a thread of its own. A batch that fails is kept and written again (inserts are
 * idempotent by record id), and {@link #close()} drains everything still queued, so a
 * graceful shutdown loses nothing.
 */
public final class UsageWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);

    private final LinkedBlockingQueue<UsageRecord> queue = new LinkedBlockingQueue<>();
    private final UsageSink store;
    private final Consumer<List<UsageRecord>> afterWrite;
    private final Duration interval;
    private final int maxBatch;
    private final Thread worker;
    private volatile boolean closing;
    private int failuresWhileClosing;

    /**
     * @param afterWrite told of each written batch (e.g. to mark keys as last used); off the request path
     */
    public UsageWriter(UsageSink store, Consumer<List<UsageRecord>> afterWrite, Duration interval, int maxBatch) {
        this.store = store;
        this.afterWrite = afterWrite;
        this.interval = interval;
        this.maxBatch = maxBatch;
        this.worker = Thread.ofVirtual().name("usage-writer").start(this::run);
    }

    /** Queues a record; never blocks. */
    public void record(UsageRecord record) {
        queue.add(record);
    }

    private void run() {
        List<UsageRecord> batch = new ArrayList<>(maxBatch);
        while (!closing || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    UsageRecord first = queue.poll(interval.toMillis(), TimeUnit.MILLISECONDS);
                    if (first == null) continue;
                    batch.add(first);
                    fill(batch);
                }
                queue.drainTo(batch, maxBatch - batch.size());
                store.insertBatch(batch);
                afterWrite.accept(List.copyOf(batch));
                batch.clear();
            } catch (InterruptedException e) {
                if (!closing) Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("writing {} usage records failed ({}); retrying", batch.size(), e.getClass().getSimpleName());
                if (closing && ++failuresWhileClosing > 20) {
                    LOG.error("gave up writing {} usage records at shutdown", batch.size());
                    return;
                }
                sleepQuietly(Duration.ofMillis(500));
            }
        }
    }

    /**
     * Lets a batch gather records for one interval or until it is full: one transaction per
     * interval instead of one per record when requests trickle in. Close cuts the wait short.
     */
    private void fill(List<UsageRecord> batch) throws InterruptedException {
        long deadline = System.nanoTime() + interval.toNanos();
        while (!closing && batch.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            UsageRecord next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) return;
            batch.add(next);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking the slow path and writes whatever is queued before returning. */
    @Override
    public void close() {
        closing = true;
        worker.interrupt();
        try {
            worker.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
