import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the execution samples of a JFR recording (used by bench/profile.sh): top frames by
 * self samples, by presence anywhere on the stack, and the same for AnyRouter's own frames, so
 * the biggest costs on the request path stand out. Reads the file with the JDK's consumer API
 * ({@code jfr print} trips over some hidden-class frames).
 *
 * <p>{@code java bench/JfrTop.java RECORDING.jfr [N] [THREAD_NAME_PREFIX]}
 */
public final class JfrTop {
    public static void main(String[] args) throws Exception {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        String threadPrefix = args.length > 2 ? args[2] : "";
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> oursSelf = new HashMap<>();
        Map<String, Integer> oursInclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) continue;
            String thread = event.getThread("sampledThread") == null ? "?" : String.valueOf(event.getThread("sampledThread").getJavaName());
            if (!thread.startsWith(threadPrefix)) continue;
            List<String> stack = new ArrayList<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                if (frame.isJavaFrame()) stack.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
            if (stack.isEmpty()) continue;
            total++;
            threads.merge(thread.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
            self.merge(stack.getFirst(), 1, Integer::sum);
            for (String frame : new HashSet<>(stack)) inclusive.merge(frame, 1, Integer::sum);
            List<String> mine = stack.stream().filter(f -> f.startsWith("dev.anyrouter.")).toList();
            if (!mine.isEmpty()) {
                oursSelf.merge(mine.getFirst(), 1, Integer::sum);
                for (String frame : Set.copyOf(mine)) oursInclusive.merge(frame, 1, Integer::sum);
            }
        }
        System.out.println(total + " execution samples");
        print("threads", threads, total, n);
        print("top frames by self samples", self, total, n);
        print("top frames anywhere on the stack (inclusive)", inclusive, total, n);
        print("AnyRouter frames, innermost on the stack (what our code calls into is charged to it)", oursSelf, total, n);
        print("AnyRouter frames, inclusive", oursInclusive, total, n);
    }

    private static void print(String title, Map<String, Integer> counts, int total, int n) {
        System.out.println("\n" + title + ":");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(n)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }
}
