package dev.anyrouter.vault;

import dev.anyrouter.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What each running gateway holds of the master key, as it reported it last ({@code vault_nodes}):
 * the versions it can unwrap and the one it seals with. A gateway reports when it starts, whenever
 * it reloads the keyset file, and every few seconds; a report older than {@link #LIVE} is a
 * gateway that stopped. This is how a rotation run from another process knows when every gateway
 * has caught up.
 */
public final class VaultNodes {
    /** A report this old or older is from a gateway that is gone. */
    public static final Duration LIVE = Duration.ofSeconds(15);

    private final Database db;
    private final Clock clock;

    /** Reports in {@code db}, timed by {@code clock}. */
    public VaultNodes(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db);
        this.clock = Objects.requireNonNull(clock);
    }

    /** One gateway's last report. */
    public record Node(String id, List<Integer> versions, int primaryVersion) {
        /** Whether this gateway can unwrap {@code version}. */
        public boolean holds(int version) {
            return versions.contains(version);
        }

        @Override
        public String toString() {
            return id + " (versions " + versions.stream().map(Integer::toUnsignedString).collect(Collectors.joining(", "))
                    + ", sealing with " + Integer.toUnsignedString(primaryVersion) + ")";
        }
    }

    /** Records what the gateway {@code nodeId} holds now. */
    public void report(String nodeId, List<Integer> versions, int primaryVersion) {
        String text = versions.stream().map(Integer::toUnsignedString).collect(Collectors.joining(","));
        long now = clock.millis();
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("INSERT INTO vault_nodes (node_id, versions, primary_version, seen_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (node_id) DO UPDATE SET versions = excluded.versions,"
                    + " primary_version = excluded.primary_version, seen_at = excluded.seen_at")) {
                ps.setString(1, nodeId);
                ps.setString(2, text);
                ps.setLong(3, Integer.toUnsignedLong(primaryVersion));
                ps.setLong(4, now);
                return ps.executeUpdate();
            }
        });
    }

    /** Forgets the gateway {@code nodeId} (it is stopping). */
    public void leave(String nodeId) {
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("DELETE FROM vault_nodes WHERE node_id = ?")) {
                ps.setString(1, nodeId);
                return ps.executeUpdate();
            }
        });
    }

    /** The gateways that reported within {@link #LIVE}. */
    public List<Node> live() {
        long since = clock.millis() - LIVE.toMillis();
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT node_id, versions, primary_version FROM vault_nodes WHERE seen_at > ? ORDER BY node_id")) {
                ps.setLong(1, since);
                try (var rs = ps.executeQuery()) {
                    List<Node> nodes = new ArrayList<>();
                    while (rs.next()) {
                        String versions = rs.getString("versions");
                        List<Integer> parsed = versions.isEmpty() ? List.of()
                                : Arrays.stream(versions.split(",")).map(Integer::parseUnsignedInt).toList();
                        nodes.add(new Node(rs.getString("node_id"), parsed, (int) rs.getLong("primary_version")));
                    }
                    return nodes;
                }
            }
        });
    }
}
