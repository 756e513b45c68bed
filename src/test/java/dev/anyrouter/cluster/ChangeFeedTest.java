package dev.anyrouter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The feed on one node (SQLite: in-process) and between nodes (PostgreSQL: LISTEN/NOTIFY), reconnects included. */
class ChangeFeedTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    record Heard(Change change, boolean fromAnotherNode) {}

    @Test
    void deliversToThisNodeBeforePublishReturnsOnSqlite() {
        Database db = DATABASES.open(Engine.SQLITE);
        try (ChangeFeed feed = ChangeFeed.over(db)) {
            List<Heard> heard = new CopyOnWriteArrayList<>();
            feed.subscribe((c, remote) -> heard.add(new Heard(c, remote)));
            feed.publish(new Change.ApiKeyRevoked("acct", "key-1"));
            assertThat(heard).containsExactly(new Heard(new Change.ApiKeyRevoked("acct", "key-1"), false));
            assertThat(feed.shared()).isFalse();
            assertThat(feed.listening()).isTrue();
        }
    }

    @Test
    void anotherNodeOnPostgresHearsEachChangeOnceAndItsOwnOnlyLocally() throws Exception {
        Database a = DATABASES.open(Engine.POSTGRES);
        Database b = Database.open(DATABASES.postgres().getJdbcUrl("postgres", currentDatabase(a)));
        try (ChangeFeed one = ChangeFeed.over(a); ChangeFeed two = ChangeFeed.over(b)) {
            List<Heard> onOne = new CopyOnWriteArrayList<>();
            List<Heard> onTwo = new CopyOnWriteArrayList<>();
            one.subscribe((c, remote) -> onOne.add(new Heard(c, remote)));
            two.subscribe((c, remote) -> onTwo.add(new Heard(c, remote)));
            assertThat(one.awaitListening(Duration.ofSeconds(10))).isTrue();
            assertThat(two.awaitListening(Duration.ofSeconds(10))).isTrue();

            List<Change> sent = List.of(new Change.ApiKeyRevoked("acct", "k"),
                    new Change.ProviderKeyChanged("acct", "pk", Change.ProviderKeyChanged.What.DELETED),
                    new Change.PoolChanged("acct", "openai"), new Change.PresetChanged("acct", "fast"),
                    new Change.AccountDisabled("acct"), new Change.KeyQuarantined("acct", "pk", "invalid key (HTTP 401)"),
                    new Change.KeyCooledDown("pk", "gpt-4.1", 1_700_000_000_123L, 2, "429 on gpt-4.1 (back-off)"),
                    new Change.KeyEjected("pk", 1_700_000_005_000L, 1, "HTTP 503, 3 failures in a row"),
                    new Change.KeyRecovered("pk"), new Change.ApiKeyCreated("acct", "k2"));
            sent.forEach(one::publish);

            await(() -> onTwo.size() >= sent.size(), "node two hears every change");
            assertThat(onTwo).extracting(Heard::change).containsExactlyElementsOf(sent);
            assertThat(onTwo).allMatch(Heard::fromAnotherNode);
            // Node two answers only after hearing all of node one's changes, so by the time node one hears the
            // answer it has also been sent its own notifications back: they must not have been delivered again.
            Change marker = new Change.PresetChanged("acct", "marker");
            two.publish(marker);
            await(() -> onOne.stream().anyMatch(h -> h.change().equals(marker)), "node one hears node two");
            assertThat(onOne).containsExactlyElementsOf(java.util.stream.Stream.concat(
                    sent.stream().map(c -> new Heard(c, false)), java.util.stream.Stream.of(new Heard(marker, true))).toList());
            assertThat(onTwo).hasSize(sent.size() + 1);
        } finally {
            b.close();
        }
    }

    @Test
    void aNodeThatLosesItsConnectionDropsItsCachesAndHearsAgain() throws Exception {
        Database a = DATABASES.open(Engine.POSTGRES);
        Database b = Database.open(DATABASES.postgres().getJdbcUrl("postgres", currentDatabase(a)));
        try (ChangeFeed one = ChangeFeed.over(a); ChangeFeed two = ChangeFeed.over(b)) {
            List<Heard> onTwo = new CopyOnWriteArrayList<>();
            two.subscribe((c, remote) -> onTwo.add(new Heard(c, remote)));
            assertThat(two.awaitListening(Duration.ofSeconds(10))).isTrue();
            assertThat(one.awaitListening(Duration.ofSeconds(10))).isTrue();

            // Every listening connection of the database is cut, as a restart or a network fault would.
            a.withConnection(c -> {
                try (var s = c.createStatement()) {
                    s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'anyrouter-listen'");
                }
                return null;
            });
            await(() -> onTwo.stream().filter(h -> h.change() instanceof Change.CachesStale).count() >= 2,
                    "node two reports itself stale when the connection drops and again when it listens again");
            await(two::listening, "node two listens again");
            await(one::listening, "node one listens again");
            one.publish(new Change.ApiKeyRevoked("acct", "after"));
            await(() -> onTwo.stream().anyMatch(h -> h.change().equals(new Change.ApiKeyRevoked("acct", "after"))),
                    "node two hears changes after reconnecting");
        } finally {
            b.close();
        }
    }

    @Test
    void unreadableAndOverlongPayloadsDropCachesInsteadOfBeingLost() {
        String origin = "node-x";
        String longReason = "x".repeat(9_000);
        String payload = ChangeCodec.encode(origin, new Change.KeyQuarantined("a", "k", longReason));
        assertThat(payload).isEqualTo(origin + " " + ChangeCodec.TOO_LONG);
        assertThat(ChangeCodec.decode(payload)).isInstanceOf(ChangeCodec.Decoded.Unreadable.class);
        assertThat(ChangeCodec.decode(origin + " {\"type\":\"from_a_newer_node\",\"x\":1}"))
                .isEqualTo(new ChangeCodec.Decoded.Unreadable(origin, "InvalidTypeIdException"));
        assertThat(ChangeCodec.decode(ChangeCodec.encode(origin, new Change.PoolChanged("a", "openai"))))
                .isEqualTo(new ChangeCodec.Decoded.Readable(origin, new Change.PoolChanged("a", "openai")));
    }

    @Test
    void cachesStaleIsTheFeedsOwnAndCannotBePublished() {
        try (ChangeFeed feed = ChangeFeed.inProcess()) {
            assertThatThrownBy(() -> feed.publish(new Change.CachesStale("x"))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static String currentDatabase(Database db) {
        return db.withConnection(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting: " + what);
            Thread.sleep(20);
        }
    }
}
