package dev.anyrouter.usage;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Lowers the calling platform thread's scheduling priority on Linux, so that when the cores are
 * busy the kernel runs the event loops first and bulk work such as writing the usage log waits
 * instead of delaying a request. Where it cannot (another OS, native access refused) the thread
 * keeps its priority: only latency suffers.
 */
final class BackgroundPriority {
    static final int NICE = 10;
    /** Linux's {@code SCHED_IDLE}: run only when no thread of another class wants the core. */
    static final int SCHED_IDLE = 5;
    private static final int PRIO_PROCESS = 0;

    private BackgroundPriority() {}

    /**
     * Nice 10 for the calling thread ({@code setpriority} on its thread id): it still gets a tenth
     * of a core's share against the request path, so a transaction it holds is not starved.
     * True when it was lowered.
     */
    static boolean lowerCurrentThread() {
        if (!onLinuxPlatformThread()) return false;
        try {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            MethodHandle gettid = linker.downcallHandle(libc.find("gettid").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
            MethodHandle setpriority = linker.downcallHandle(libc.find("setpriority").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            int tid = (int) gettid.invokeExact();
            return (int) setpriority.invokeExact(PRIO_PROCESS, tid, NICE) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * Puts the calling thread in the idle scheduling class ({@code sched_setscheduler(0,
     * SCHED_IDLE)}): it gets a core only when nothing else wants it, and any other thread that
     * wakes takes the core from it at once. No privilege is needed to go there, but one is needed
     * to come back, so only a thread that never holds anything others wait for may use it.
     * True when the thread is now in that class.
     */
    static boolean idleCurrentThread() {
        if (!onLinuxPlatformThread()) return false;
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle setscheduler = linker.downcallHandle(linker.defaultLookup().find("sched_setscheduler").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment param = arena.allocate(ValueLayout.JAVA_INT); // struct sched_param { int sched_priority = 0; }
                return (int) setscheduler.invokeExact(0, SCHED_IDLE, param) == 0;
            }
        } catch (Throwable e) {
            return false;
        }
    }

    private static boolean onLinuxPlatformThread() {
        return System.getProperty("os.name", "").equals("Linux") && !Thread.currentThread().isVirtual();
    }
}
