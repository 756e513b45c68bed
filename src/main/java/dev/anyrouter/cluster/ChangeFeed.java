package dev.anyrouter.cluster;

import dev.anyrouter.store.Database;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node tells every node, itself included, that something changed. {@link #publish} delivers
 * the change to this node's listeners before it returns (so the node that made a change never
 * serves the old fact), and on PostgreSQL also sends it to the other nodes with {@code NOTIFY},
 * off the caller's thread; they deliver it to their listeners within milliseconds. On SQLite there
 * is only one node, and the in-process delivery is the whole of it: one code path serves both.
 *
 * <p>A node whose {@code LISTEN} connection drops may miss changes, so it tells its listeners
 * {@link Change.CachesStale} when the connection drops and again once it is back; caches also
 * expire by time, as a backstop.
 */
public final class ChangeFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

    /** Told of every change, local or another node's. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param fromAnotherNode true when another node published it; a listener that keeps what this
         *     node learned itself (key health) applies only those
         */
        void changed(Change change, boolean fromAnotherNode);
    }

    private final String origin = UUID.randomUUID().toString();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final PostgresChannel channel;

    private ChangeFeed(Database db) {
        this.channel = db != null && db.isPostgres() ? new PostgresChannel(db, this::received, this::stale) : null;
    }

    /** One node, no database channel (SQLite, or a test). */
    public static ChangeFeed inProcess() {
        return new ChangeFeed(null);
    }

    /** The feed for a node on {@code db}: shared through it on PostgreSQL, in-process on SQLite. */
    public static ChangeFeed over(Database db) {
        return new ChangeFeed(db);
    }

    /** Adds a listener; subscribe before the node serves, so no change is missed. */
    public void subscribe(Listener listener) {
        listeners.add(listener);
    }

    /** Tells every listener here, then every other node. Never blocks; safe on an event loop. */
    public void publish(Change change) {
        if (change instanceof Change.CachesStale) throw new IllegalArgumentException("CachesStale is the feed's own");
        deliver(change, false);
        if (channel != null) channel.send(ChangeCodec.encode(origin, change));
    }

    /** Waits until this node hears the other nodes (at once in-process); false when it did not within {@code wait}. */
    public boolean awaitListening(Duration wait) {
        return channel == null || channel.awaitListening(wait);
    }

    /** Whether this node hears the other nodes' changes now (always in-process). */
    public boolean listening() {
        return channel == null || channel.listening();
    }

    /** Whether changes go to other nodes (PostgreSQL). */
    public boolean shared() {
        return channel != null;
    }

    /** This node's id on the channel: a change carrying it is this node's own and is not delivered twice. */
    String origin() {
        return origin;
    }

    private void received(String payload) {
        ChangeCodec.Decoded decoded = ChangeCodec.decode(payload);
        if (decoded.origin().equals(origin)) return; // this node's own, delivered when it was published
        switch (decoded) {
            case ChangeCodec.Decoded.Readable readable -> deliver(readable.change(), true);
            case ChangeCodec.Decoded.Unreadable unreadable -> {
                LOG.warn("a change from another node could not be read ({}): dropping every cache", unreadable.why());
                stale(new Change.CachesStale("unreadable change: " + unreadable.why()));
            }
        }
    }

    private void stale(Change.CachesStale stale) {
        deliver(stale, true);
    }

    private void deliver(Change change, boolean fromAnotherNode) {
        for (Listener listener : listeners) {
            try {
                listener.changed(change, fromAnotherNode);
            } catch (RuntimeException e) {
                // One listener's bug must not keep the change from the others.
                LOG.error("a listener failed on {} ({})", change.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** Stops listening after sending what is queued (for up to two seconds). */
    @Override
    public void close() {
        if (channel != null) channel.close();
    }
}
