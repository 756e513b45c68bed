package dev.anyrouter.usage;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Lowers the calling platform thread's scheduling priority on Linux ({@code setpriority} on its
 * thread id, nice 10), so that when the cores are busy the kernel runs the event loops first and
 * bulk work such as writing the usage log waits a little instead of delaying a request. Where it
 * cannot (another OS, native access refused) the thread keeps its priority: only latency suffers.
 */
final class BackgroundPriority {
    static final int NICE = 10;
    private static final int PRIO_PROCESS = 0;

    private BackgroundPriority() {}

    /** Lowers the calling thread's priority; true when it was lowered. */
    static boolean lowerCurrentThread() {
        if (!System.getProperty("os.name", "").equals("Linux") || Thread.currentThread().isVirtual()) return false;
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
}
