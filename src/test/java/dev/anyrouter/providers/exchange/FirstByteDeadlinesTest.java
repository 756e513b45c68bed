package dev.anyrouter.providers.exchange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirstByteDeadlinesTest {
    private static final long MS = 1_000_000L;

    /** Hand-driven time and wake-ups: a wake-up runs only when the test moves time past it. */
    private final AtomicLong now = new AtomicLong(5_000 * MS);
    private final List<Wakeup> wakeups = new ArrayList<>();
    private final List<String> expired = new ArrayList<>();
    private final FirstByteDeadlines deadlines =
            new FirstByteDeadlines(Duration.ofSeconds(1), now::get, (delay, wake) -> wakeups.add(new Wakeup(now.get() + delay * MS, wake)));

    private record Wakeup(long atNanos, Runnable wake) {}

    private final class Named extends FirstByteDeadlines.Entry {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        protected void expired() {
            expired.add(name);
        }
    }

    private Named start(String name) {
        Named entry = new Named(name);
        deadlines.add(entry);
        return entry;
    }

    /** Moves time forward by {@code millis}, running every wake-up that falls due on the way, in order. */
    private void advance(long millis) {
        long until = now.get() + millis * MS;
        while (true) {
            Wakeup next = wakeups.stream().filter(w -> w.atNanos() <= until).min((a, b) -> Long.compare(a.atNanos(), b.atNanos()))
                    .orElse(null);
            if (next == null) break;
            wakeups.remove(next);
            now.set(Math.max(now.get(), next.atNanos()));
            next.wake().run();
        }
        now.set(until);
    }

    @Test
    void expiresEachDeadlineATimeoutAfterItStartedInTheOrderTheyStarted() {
        start("a");
        advance(10);
        start("b");
        advance(10);
        start("c");

        advance(979);
        assertThat(expired).isEmpty();
        advance(1);
        assertThat(expired).containsExactly("a");
        advance(200);
        assertThat(expired).containsExactly("a", "b", "c");
        assertThat(deadlines.size()).isZero();
    }

    @Test
    void aCancelledDeadlineNeverExpiresWhetherAtTheHeadInTheMiddleOrAtTheTail() {
        Named head = start("head");
        Named middle = start("middle");
        start("kept");
        Named last = start("last");

        middle.cancel();
        head.cancel();
        last.cancel();

        assertThat(deadlines.size()).isEqualTo(1);
        assertThat(List.of(head.pending(), middle.pending(), last.pending())).containsOnly(false);
        advance(2_000);
        assertThat(expired).containsExactly("kept");
        assertThat(deadlines.size()).isZero();
    }

    @Test
    void cancellingAfterExpiryOrTwiceIsHarmless() {
        Named first = start("first");
        advance(500);
        Named second = start("second");
        advance(600);
        assertThat(expired).containsExactly("first");

        first.cancel();
        first.cancel();

        assertThat(second.pending()).isTrue();
        assertThat(deadlines.size()).isEqualTo(1);
        advance(1_000);
        assertThat(expired).containsExactly("first", "second");
    }

    @Test
    void nothingIsRetainedOrWokenOnceEveryDeadlineIsCancelled() {
        List<Named> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) entries.add(start("e" + i));
        assertThat(wakeups).hasSize(1);

        entries.forEach(FirstByteDeadlines.Entry::cancel);
        assertThat(deadlines.size()).isZero();
        assertThat(entries).noneMatch(FirstByteDeadlines.Entry::pending);

        advance(5_000); // the one armed wake-up runs, finds nothing and does not come back
        assertThat(wakeups).isEmpty();
        assertThat(expired).isEmpty();

        Named again = start("again"); // a cancelled entry can start again, in a clean state
        entries.getFirst().cancel();
        assertThat(again.pending()).isTrue();
        assertThat(deadlines.size()).isEqualTo(1);
    }

    @Test
    void aRunningDeadlineCannotBeAddedTwice() {
        Named entry = start("once");
        assertThatThrownBy(() -> deadlines.add(entry)).isInstanceOf(IllegalStateException.class);
        assertThat(deadlines.size()).isEqualTo(1);
    }

    @Test
    void aDeadlineStartedWhileAnotherExpiresRunsItsFullTimeout() {
        FirstByteDeadlines.Entry retry = new Named("retry");
        deadlines.add(new FirstByteDeadlines.Entry() {
            @Override
            protected void expired() {
                expired.add("first");
                deadlines.add(retry); // the failover's next attempt, started from the expiry
            }
        });

        advance(1_000);
        assertThat(expired).containsExactly("first");
        assertThat(retry.pending()).isTrue();
        advance(999);
        assertThat(expired).containsExactly("first");
        advance(1);
        assertThat(expired).containsExactly("first", "retry");
    }

    @Test
    void closeDeadlinesShareWakeUpsAndNoneIsLateByMoreThanTheResolution() {
        // Timeout 1 s: resolution 100 ms. Deadlines started 1 ms apart, a random few cancelled.
        Random random = new Random(3);
        List<String> expected = new ArrayList<>();
        List<Long> dueAt = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Named entry = start("e" + i);
            if (random.nextInt(4) == 0) {
                entry.cancel();
            } else {
                expected.add("e" + i);
                dueAt.add(now.get() + 1_000 * MS);
            }
            advance(1);
        }
        List<Long> expiredAt = new ArrayList<>();
        int wakes = 0;
        while (expired.size() < expected.size()) {
            int before = expired.size();
            advance(1);
            for (int i = before; i < expired.size(); i++) expiredAt.add(now.get());
            if (expired.size() > before) wakes++;
        }

        assertThat(expired).containsExactlyElementsOf(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(expiredAt.get(i) - dueAt.get(i)).isBetween(0L, 100 * MS);
        }
        assertThat(wakes).isLessThanOrEqualTo(5);
        assertThat(wakeups).isEmpty();
    }
}
