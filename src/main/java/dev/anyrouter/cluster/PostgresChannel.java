package dev.anyrouter.cluster;

import dev.anyrouter.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed's PostgreSQL half: one connection of its own that {@code LISTEN}s on the channel and
 * hands each payload over, and a sender that {@code NOTIFY}s queued payloads on a pooled
 * connection. Both run on threads of their own, so publishing never blocks its caller.
 *
 * <p>When the listening connection fails, the node may miss changes: it reports itself stale at
 * once, reconnects with a growing pause, and reports itself stale again once listening (what it
 * cached while deaf may already be old). A quiet connection is checked every few seconds with a
 * query, so a dead server is noticed even when nothing is said.
 */
final class PostgresChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresChannel.class);
    static final String CHANNEL = "anyrouter_changes";
    private static final int POLL_MILLIS = 500;
    private static final long HEARTBEAT_NANOS = Duration.ofSeconds(5).toNanos();
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
    /** Changes waiting to be sent; a flood of health news past this is dropped (each node also learns on its own). */
    private static final int QUEUE_LIMIT = 10_000;
    private static final int BATCH = 64;

    private final Database db;
    private final Consumer<String> received;
    private final Consumer<Change.CachesStale> stale;
    private final BlockingQueue<String> outbox = new ArrayBlockingQueue<>(QUEUE_LIMIT);
    private final CountDownLatch firstListen = new CountDownLatch(1);
    private final Thread listener;
    private final Thread sender;
    private volatile boolean listening;
    private volatile boolean closing;
    private volatile Connection listenConnection;

    PostgresChannel(Database db, Consumer<String> received, Consumer<Change.CachesStale> stale) {
        this.db = db;
        this.received = received;
        this.stale = stale;
        this.listener = Thread.ofPlatform().name("changes-listen").daemon(true).start(this::listen);
        this.sender = Thread.ofPlatform().name("changes-notify").daemon(true).start(this::sendLoop);
    }

    void send(String payload) {
        if (closing) return;
        if (!outbox.offer(payload)) LOG.warn("{} changes waiting to be sent; one was dropped", QUEUE_LIMIT);
    }

    boolean listening() {
        return listening;
    }

    boolean awaitListening(Duration wait) {
        try {
            return firstListen.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void listen() {
        Duration pause = FIRST_PAUSE;
        boolean heardBefore = false;
        while (!closing) {
            try (Connection c = db.openUnpooled()) {
                listenConnection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                listening = true;
                if (heardBefore) stale.accept(new Change.CachesStale("listening again after the connection dropped"));
                heardBefore = true;
                firstListen.countDown();
                pause = FIRST_PAUSE;
                hear(c);
            } catch (SQLException | RuntimeException e) {
                if (closing) return;
                boolean wasListening = listening;
                listening = false;
                if (wasListening) {
                    LOG.warn("lost the change channel ({}): dropping every cache and reconnecting", e.getClass().getSimpleName());
                    stale.accept(new Change.CachesStale("the change channel dropped"));
                } else {
                    LOG.warn("cannot listen for changes ({}); retrying in {} ms", e.getClass().getSimpleName(), pause.toMillis());
                }
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            } finally {
                listening = false;
                listenConnection = null;
            }
        }
    }

    /** Hands over what arrives until the connection fails or the channel closes. */
    private void hear(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (!closing) {
            PGNotification[] notes = pg.getNotifications(POLL_MILLIS);
            if (notes != null && notes.length > 0) {
                for (PGNotification note : notes) received.accept(note.getParameter());
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > HEARTBEAT_NANOS) {
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(5);
                    s.execute("SELECT 1");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    private void sendLoop() {
        List<String> batch = new ArrayList<>(BATCH);
        while (!closing || !outbox.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    String first = outbox.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) continue;
                    batch.add(first);
                    outbox.drainTo(batch, BATCH - 1);
                }
                sendAll(batch);
                batch.clear();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closing) {
                    LOG.warn("could not send {} changes before stopping ({})", batch.size() + outbox.size(),
                            e.getClass().getSimpleName());
                    return;
                }
                LOG.warn("sending {} changes failed ({}); retrying", batch.size(), e.getClass().getSimpleName());
                sleep(Duration.ofMillis(200));
            }
        }
    }

    private void sendAll(List<String> payloads) {
        // Each statement commits on its own (auto-commit): PostgreSQL delivers a notification at commit.
        db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                for (String payload : payloads) {
                    ps.setString(1, CHANNEL);
                    ps.setString(2, payload);
                    ps.execute();
                }
            }
            return null;
        });
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends what is queued (up to two seconds), then stops listening. */
    @Override
    public void close() {
        closing = true;
        try {
            sender.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection c = listenConnection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        try {
            listener.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
