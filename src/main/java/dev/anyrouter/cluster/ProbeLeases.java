package dev.anyrouter.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import dev.anyrouter.store.Blocking;
import dev.anyrouter.store.Caches;
import dev.anyrouter.store.Database;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may probe a provider key whose ejection has run out: one request at a time, on one node of
 * the cluster. The next answer of an ejected key decides its fate, so a single request is enough,
 * and a key that is still failing then costs one failed call, not one per node (or per
 * concurrent request).
 *
 * <p>A node first claims the probe for itself (in memory: a second request on the same node is
 * refused at once), then for the cluster: a row in {@code probe_leases}, claimed with one atomic
 * upsert that succeeds only when no live lease is held, and deleted when the probe has its
 * verdict. A lease expires ({@code leaseFor}) so a node that died mid-probe does not hold the key
 * forever. A refusal by another node is remembered for a second, so the requests that meanwhile
 * reach the key do not each ask the database. Only requests to a key in its probing state come
 * here: the common case does no database work.
 */
public final class ProbeLeases {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeLeases.class);
    private static final Duration REFUSAL_REMEMBERED = Duration.ofSeconds(1);

    private final Database db;
    private final Blocking blocking;
    private final String node;
    private final Duration leaseFor;
    private final Clock clock;
    private final Set<String> probingHere = ConcurrentHashMap.newKeySet();
    private final Cache<String, Boolean> heldElsewhere;

    private ProbeLeases(Database db, Blocking blocking, String node, Duration leaseFor, Clock clock) {
        this.db = db;
        this.blocking = blocking;
        this.node = node;
        this.leaseFor = leaseFor;
        this.clock = clock;
        this.heldElsewhere = Caches.expiring(REFUSAL_REMEMBERED, 10_000, clock);
    }

    /** Leases shared through {@code db} by every node on it; {@code node} names this one in the lease rows. */
    public static ProbeLeases shared(Database db, Blocking blocking, String node, Duration leaseFor, Clock clock) {
        return new ProbeLeases(db, blocking, node, leaseFor, clock);
    }

    /** One node alone (tests of routing): one probe at a time within this process. */
    public static ProbeLeases inProcess() {
        return new ProbeLeases(null, null, "local", Duration.ZERO, Clock.systemUTC());
    }

    /**
     * Completes with true when the caller may probe the key now; it must then {@link #release} it
     * once the probe has its verdict. False when another request, here or on another node, probes it.
     */
    public Future<Boolean> claim(String keyId) {
        if (!probingHere.add(keyId)) return Future.succeededFuture(false);
        if (db == null) return Future.succeededFuture(true);
        if (heldElsewhere.getIfPresent(keyId) != null) {
            probingHere.remove(keyId);
            return Future.succeededFuture(false);
        }
        return blocking.run(() -> claimRow(keyId)).otherwise(e -> {
            // Without the database no node can coordinate; better no probe than every node's at once.
            LOG.warn("cannot claim the probe of a key ({})", e.getClass().getSimpleName());
            return false;
        }).map(claimed -> {
            if (!claimed) {
                probingHere.remove(keyId);
                heldElsewhere.put(keyId, Boolean.TRUE);
            }
            return claimed;
        });
    }

    /** The probe has its verdict: another request (on any node) may probe the key when it is ejected again. */
    public void release(String keyId) {
        if (!probingHere.remove(keyId) || db == null) return;
        blocking.run(() -> db.inTransaction(c -> {
            try (var ps = c.prepareStatement("DELETE FROM probe_leases WHERE key_id = ? AND node_id = ?")) {
                ps.setString(1, keyId);
                ps.setString(2, node);
                return ps.executeUpdate();
            }
        })).onFailure(e -> LOG.warn("cannot release the probe of a key ({}); it expires by itself", e.getClass().getSimpleName()));
    }

    private boolean claimRow(String keyId) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("INSERT INTO probe_leases (key_id, node_id, expires_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (key_id) DO UPDATE SET node_id = excluded.node_id, expires_at = excluded.expires_at"
                    + " WHERE probe_leases.expires_at < ?")) {
                ps.setString(1, keyId);
                ps.setString(2, node);
                ps.setLong(3, now.plus(leaseFor).toEpochMilli());
                ps.setLong(4, now.toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
    }
}
