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
 * on threads of its own. A batch that fails is kept and written again (inserts are idempotent
 * by record id), and {@link #close()} drains everything still queued, so a graceful shutdown
 * loses nothing.
 *
 * <p>Recording a record never wakes anything: a wake-up per request (a futex call and a thread
 * unparked) cost more CPU than writing the record. Two threads share the writing:
 * <ul>
 *   <li>the <em>writer</em> (nice 10, see {@link BackgroundPriority#lowerCurrentThread}) does
 *       every insert, one batch of at most {@code maxBatch} records at a time;</li>
 *   <li>the <em>idle watch</em> runs under Linux's idle scheduling class
 *       ({@link BackgroundPriority#idleCurrentThread}), so it is given a core only when no other
 *       thread wants one. Once per interval it asks the writer for batches, one after another,
 *       until the queue is empty. Batches are therefore written when a core is free, a short
 *       one at a time, instead of in one long burst that requests woken meanwhile wait behind:
 *       on two shared cores that burst set the gateway's p99.</li>
 * </ul>
 * The watch never writes itself: a transaction held by a thread that gets a core only when all
 * others sleep would stall every other write to the database behind it. When the cores stay
 * busy the watch never runs, so the writer does not wait for it longer than {@code patience}
 * (five intervals): records older than that are written at once, batch after batch.
 */
public final class UsageWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);
    private static final int RETRIES_WHILE_CLOSING = 20;
    private static final int PATIENCE_IN_INTERVALS = 5;

    private final ConcurrentLinkedQueue<UsageRecord> queue = new ConcurrentLinkedQueue<>();
    private final UsageSink store;
    private final Consumer<List<UsageRecord>> afterWrite;
    private final long intervalNanos;
    private final long patienceNanos;
    private final int maxBatch;
    private final Thread writer;
    private final Thread watch;
    private volatile boolean closing;
    /** Set by the watch for one batch, cleared by the writer when that batch is written. */
    private volatile boolean batchWanted;
    /** When the writer last found the queue empty: every record queued before then is written. */
    private volatile long caughtUpAt = System.nanoTime();
    /** Times the writer woke to look for work; written by the writer only. */
    private volatile long wakeUps;
    private volatile boolean writerLowered;
    private volatile boolean watchIdle;

    /**
     * @param afterWrite told of each written batch (e.g. to mark keys as last used); off the request path
     */
    public UsageWriter(UsageSink store, Consumer<List<UsageRecord>> afterWrite, Duration interval, int maxBatch) {
        this(store, afterWrite, interval, maxBatch, true);
    }

    /** As the public constructor; without the idle watch ({@code idleWatch} false) it writes as when the cores never rest. */
    UsageWriter(UsageSink store, Consumer<List<UsageRecord>> afterWrite, Duration interval, int maxBatch, boolean idleWatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1");
        this.store = store;
        this.afterWrite = afterWrite;
        this.intervalNanos = interval.toNanos();
        this.patienceNanos = interval.multipliedBy(PATIENCE_IN_INTERVALS).toNanos();
        this.maxBatch = maxBatch;
        // Platform threads, not virtual ones: only an OS thread can be given a scheduling priority.
        this.writer = Thread.ofPlatform().name("usage-writer").daemon(true).unstarted(() -> {
            writerLowered = BackgroundPriority.lowerCurrentThread();
            write();
        });
        this.watch = Thread.ofPlatform().name("usage-idle-watch").daemon(true).unstarted(() -> {
            watchIdle = BackgroundPriority.idleCurrentThread();
            watch();
        });
        writer.start();
        if (idleWatch) watch.start();
    }

    /** Queues a record; never blocks and never wakes a thread. */
    public void record(UsageRecord record) {
        queue.offer(record);
    }

    /** The writer: one batch per request of the watch, every batch once records are overdue or on close. */
    private void write() {
        List<UsageRecord> batch = new ArrayList<>(maxBatch);
        int failuresWhileClosing = 0;
        long drainedAt = 0;
        boolean drainedAll = false;
        while (true) {
            if (batch.isEmpty() && !closing && !batchWanted && !overdue()) awaitWork();
            // Read before draining: every record queued before close() is then seen by this drain.
            boolean last = closing;
            if (batch.isEmpty()) {
                if (!last && !batchWanted && !overdue()) continue;
                drainedAt = System.nanoTime();
                drain(batch);
                drainedAll = batch.size() < maxBatch;
            }
            if (batch.isEmpty()) {
                caughtUpAt = System.nanoTime();
                answerWatch();
                if (last) return;
                continue;
            }
            try {
                store.insertBatch(batch);
                afterWrite.accept(List.copyOf(batch));
                batch.clear();
                // A drain that left the queue empty has every record queued before it written; what
                // came in since is younger, so an overdue writer goes back to waiting instead of
                // chasing the trickle one tiny transaction at a time.
                if (drainedAll) caughtUpAt = drainedAt;
                answerWatch();
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

    /** The idle watch: each interval, while the queue holds records, one batch after another. */
    private void watch() {
        while (!closing) {
            sleepInterval();
            while (!closing && !queue.isEmpty()) {
                batchWanted = true;
                LockSupport.unpark(writer);
                while (batchWanted && !closing) LockSupport.parkNanos(this, intervalNanos);
            }
        }
    }

    private void answerWatch() {
        if (batchWanted) {
            batchWanted = false;
            LockSupport.unpark(watch);
        }
    }

    /** Records have waited longer than the watch is allowed to make them wait. */
    private boolean overdue() {
        return System.nanoTime() - caughtUpAt > patienceNanos && !queue.isEmpty();
    }

    private void drain(List<UsageRecord> batch) {
        UsageRecord next;
        while (batch.size() < maxBatch && (next = queue.poll()) != null) batch.add(next);
    }

    /**
     * Parks the writer for up to one interval; the watch or {@link #close()} unpark it. Parking
     * rather than interrupting: an interrupt reaching the thread while it writes would close a
     * PostgreSQL socket under it.
     */
    private void awaitWork() {
        LockSupport.parkNanos(this, intervalNanos);
        wakeUps++;
    }

    /** Sleeps one interval, cut short only by {@link #close()}. */
    private void sleepInterval() {
        long deadline = System.nanoTime() + intervalNanos;
        long left;
        while (!closing && (left = deadline - System.nanoTime()) > 0) LockSupport.parkNanos(this, left);
    }

    /** A pause after a failed write that close does not cut short, so retries at shutdown stay spaced. */
    private static void pause(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) LockSupport.parkNanos(left);
    }

    /** How often the writer has woken to look for work; for tests. */
    long wakeUps() {
        return wakeUps;
    }

    /** Whether the writer runs at a lower priority than the request path and the watch in the idle class (Linux). */
    boolean runsLowered() {
        return writerLowered && watchIdle;
    }

    /** Stops waiting and writes whatever is queued before returning. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        LockSupport.unpark(watch);
        try {
            writer.join(Duration.ofSeconds(30));
            if (watch.isAlive()) watch.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
