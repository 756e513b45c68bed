package dev.anyrouter.bench;

import dev.anyrouter.protocol.openai.ChatStreamState;
import dev.anyrouter.protocol.sse.SseEvent;
import dev.anyrouter.protocol.sse.SseParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Stream relay with usage capture: one recorded OpenAI stream (24 events: opening, 20 content
 * pieces, finish, usage, [DONE]; 7.5 KB) fed through a fresh SseParser and ChatStreamState, as the
 * gateway does per stream, counting the bytes it would forward. Time is per whole stream.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StreamRelayBenchmark {
    /** How the bytes arrive: one event per network read ("event", as the mock and most providers flush) or fixed 1 KiB reads. */
    @Param({"event", "1024"})
    public String reads;

    private List<byte[]> chunks;

    @Setup
    public void setUp() {
        byte[] stream = Recorded.bytes("openai-chat-stream.sse");
        chunks = new ArrayList<>();
        if (reads.equals("event")) {
            int start = 0;
            for (int i = 0; i + 1 < stream.length; i++) {
                if (stream[i] == '\n' && stream[i + 1] == '\n') {
                    chunks.add(Arrays.copyOfRange(stream, start, i + 2));
                    start = i + 2;
                }
            }
            if (start < stream.length) chunks.add(Arrays.copyOfRange(stream, start, stream.length));
        } else {
            int size = Integer.parseInt(reads);
            for (int i = 0; i < stream.length; i += size) chunks.add(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + size)));
        }
    }

    @Benchmark
    public long relayWithUsage() {
        SseParser parser = new SseParser();
        ChatStreamState monitor = new ChatStreamState(false);
        long forwarded = 0;
        for (byte[] chunk : chunks) {
            for (SseEvent event : parser.feed(chunk)) {
                if (monitor.accept(event)) forwarded += event.raw().length;
            }
        }
        if (!monitor.completed()) throw new IllegalStateException("the recorded stream should complete");
        return forwarded + monitor.usage().outputTokens();
    }

    /** The parser alone, to tell framing cost from JSON inspection cost. */
    @Benchmark
    public long parseOnly() {
        SseParser parser = new SseParser();
        long events = 0;
        for (byte[] chunk : chunks) events += parser.feed(chunk).size();
        return events;
    }
}
