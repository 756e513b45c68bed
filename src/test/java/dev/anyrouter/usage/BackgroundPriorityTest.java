package dev.anyrouter.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {
    /** The calling thread's nice value, as the kernel reports it (field 19 of its stat line). */
    private static int niceOfCurrentThread() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    @Test
    void lowersOnlyTheCallingThreadOnLinux() throws Exception {
        assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
        AtomicReference<int[]> seen = new AtomicReference<>();
        Thread lowered = Thread.ofPlatform().start(() -> {
            try {
                int before = niceOfCurrentThread();
                boolean done = BackgroundPriority.lowerCurrentThread();
                seen.set(new int[] {before, niceOfCurrentThread(), done ? 1 : 0});
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        lowered.join();
        int[] result = seen.get();
        assertThat(result[2]).isEqualTo(1);
        assertThat(result[1]).isEqualTo(Math.min(19, result[0] + BackgroundPriority.NICE));
        assertThat(niceOfCurrentThread()).isEqualTo(result[0]);  // the test's own thread kept its priority
    }

    /** The calling thread's scheduling policy (field 41 of its stat line): 0 normal, 5 idle. */
    private static int policyOfCurrentThread() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[38]);
    }

    @Test
    void putsOnlyTheCallingThreadInTheIdleClassOnLinux() throws Exception {
        assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
        AtomicReference<int[]> seen = new AtomicReference<>();
        Thread idle = Thread.ofPlatform().start(() -> {
            try {
                int before = policyOfCurrentThread();
                boolean done = BackgroundPriority.idleCurrentThread();
                seen.set(new int[] {before, policyOfCurrentThread(), done ? 1 : 0});
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        idle.join();
        assertThat(seen.get()).containsExactly(0, BackgroundPriority.SCHED_IDLE, 1);
        assertThat(policyOfCurrentThread()).isZero();
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
