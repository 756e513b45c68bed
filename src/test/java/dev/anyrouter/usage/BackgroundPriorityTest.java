package dev.anyrouter.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {
    private static final int NICE_FIELD = 19;
    private static final int POLICY_FIELD = 41;

    /** Field {@code number} of the calling thread's stat line (19: nice value; 41: scheduling policy). */
    private static int statOfCurrentThread(int number) {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // Counted after the ")" that closes the thread's name, which may hold spaces; that is field 3.
            return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[number - 3]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code field} before and after {@code change} on a new platform thread, and what {@code change} returned (1 true, 0 false). */
    private static int[] onNewThread(int field, BooleanSupplier change) throws InterruptedException {
        AtomicReference<int[]> seen = new AtomicReference<>();
        Thread.ofPlatform().start(() -> {
            int before = statOfCurrentThread(field);
            boolean done = change.getAsBoolean();
            seen.set(new int[] {before, statOfCurrentThread(field), done ? 1 : 0});
        }).join();
        return seen.get();
    }

    @Test
    void lowersOnlyTheCallingThreadOnLinux() throws Exception {
        assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
        int[] nice = onNewThread(NICE_FIELD, BackgroundPriority::lowerCurrentThread);
        assertThat(nice[2]).isEqualTo(1);
        assertThat(nice[1]).isEqualTo(Math.min(19, nice[0] + BackgroundPriority.NICE));
        assertThat(statOfCurrentThread(NICE_FIELD)).isEqualTo(nice[0]); // the test's own thread kept its priority
    }

    @Test
    void putsOnlyTheCallingThreadInTheIdleClassOnLinux() throws Exception {
        assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
        int[] policy = onNewThread(POLICY_FIELD, BackgroundPriority::idleCurrentThread);
        assertThat(policy).containsExactly(0, BackgroundPriority.SCHED_IDLE, 1);
        assertThat(statOfCurrentThread(POLICY_FIELD)).isZero();
    }

    @Test
    void aVirtualThreadIsLeftAlone() throws Exception {
        AtomicReference<Boolean> done = new AtomicReference<>();
        AtomicReference<Boolean> idled = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            done.set(BackgroundPriority.lowerCurrentThread());
            idled.set(BackgroundPriority.idleCurrentThread());
        }).join();
        assertThat(done.get()).isFalse();
        assertThat(idled.get()).isFalse();
    }

    @Test
    void theUsageWriterRunsLoweredAndItsWatchIdleOnLinux() throws Exception {
        assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
        UsageWriter writer = new UsageWriter(batch -> {}, batch -> {}, Duration.ofMillis(10), 10);
        try {
            for (int i = 0; i < 200 && !writer.runsLowered(); i++) Thread.sleep(5);
            assertThat(writer.runsLowered()).isTrue();
        } finally {
            writer.close();
        }
    }
}
