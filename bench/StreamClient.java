import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load side of bench/streams.sh: opens N concurrent SSE chat completions on loopback, one
 * virtual thread and one plain socket each (so thousands fit in a small client), and checks that
 * every stream completes: HTTP 200, at least the expected number of {@code data:} events, the
 * {@code [DONE]} marker and the last chunk. Prints progress every second and one RESULT line.
 *
 * <p>Run with the JDK's source launcher: {@code java bench/StreamClient.java PORT PATH AUTH BODY_FILE
 * STREAMS RAMP_SECONDS MIN_EVENTS}.
 */
public final class StreamClient {
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    record Outcome(boolean ok, int events, long firstByteMicros, long totalMillis, String problem) {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        String auth = args[2];
        byte[] body = Files.readAllBytes(Path.of(args[3]));
        int streams = Integer.parseInt(args[4]);
        double rampSeconds = Double.parseDouble(args[5]);
        int minEvents = Integer.parseInt(args[6]);
        byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                + "Accept: text/event-stream\r\nAuthorization: Bearer " + auth + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] whole = new byte[request.length + body.length];
        System.arraycopy(request, 0, whole, 0, request.length);
        System.arraycopy(body, 0, whole, request.length, body.length);

        AtomicInteger open = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong peakOpen = new AtomicLong();
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        CountDownLatch finished = new CountDownLatch(streams);
        long start = System.nanoTime();
        Thread progress = Thread.ofPlatform().daemon().start(() -> {
            while (finished.getCount() > 0) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                System.out.printf("PROGRESS t=%.0fs open=%d complete=%d failed=%d%n",
                        (System.nanoTime() - start) / 1e9, open.get(), done.get(), failed.get());
            }
        });
        long gapNanos = streams <= 1 ? 0 : (long) (rampSeconds * 1e9 / (streams - 1));
        for (int i = 0; i < streams; i++) {
            long due = start + i * gapNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            Thread.ofVirtual().start(() -> {
                open.incrementAndGet();
                peakOpen.accumulateAndGet(open.get(), Math::max);
                Outcome outcome = stream(port, whole, minEvents);
                open.decrementAndGet();
                (outcome.ok() ? done : failed).incrementAndGet();
                outcomes.add(outcome);
                finished.countDown();
            });
        }
        finished.await();
        progress.interrupt();

        List<Long> totals = new ArrayList<>();
        List<Long> firsts = new ArrayList<>();
        int minSeen = Integer.MAX_VALUE;
        int maxSeen = 0;
        List<String> problems = new ArrayList<>();
        for (Outcome o : outcomes) {
            totals.add(o.totalMillis());
            if (o.firstByteMicros() >= 0) firsts.add(o.firstByteMicros());
            minSeen = Math.min(minSeen, o.events());
            maxSeen = Math.max(maxSeen, o.events());
            if (!o.ok() && problems.size() < 5) problems.add(o.problem());
        }
        Collections.sort(totals);
        Collections.sort(firsts);
        problems.forEach(p -> System.out.println("PROBLEM " + p));
        System.out.printf("RESULT streams=%d complete=%d failed=%d peak_open=%d events_min=%d events_max=%d "
                        + "first_byte_p50_us=%d first_byte_p99_us=%d stream_ms_p50=%d stream_ms_max=%d wall_s=%.1f%n",
                streams, done.get(), failed.get(), peakOpen.get(), minSeen, maxSeen,
                pct(firsts, 50), pct(firsts, 99), pct(totals, 50), totals.isEmpty() ? 0 : totals.getLast(),
                (System.nanoTime() - start) / 1e9);
    }

    private static Outcome stream(int port, byte[] request, int minEvents) {
        long begin = System.nanoTime();
        long firstByte = -1;
        int events = 0;
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(120_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            Dechunker body = new Dechunker();
            int dataState = 0;
            int doneState = 0;
            boolean sawDone = false;
            int n;
            while (!body.finished() && (n = in.read(buf)) > 0) {
                if (firstByte < 0) firstByte = (System.nanoTime() - begin) / 1000;
                for (int i = 0; i < n; i++) {
                    int b = body.next(buf[i]);
                    if (b < 0) continue;  // framing, not body
                    dataState = b == DATA[dataState] ? dataState + 1 : (b == DATA[0] ? 1 : 0);
                    if (dataState == DATA.length) {
                        events++;
                        dataState = 0;
                    }
                    doneState = b == DONE[doneState] ? doneState + 1 : (b == DONE[0] ? 1 : 0);
                    if (doneState == DONE.length) {
                        sawDone = true;
                        doneState = 0;
                    }
                }
            }
            long millis = (System.nanoTime() - begin) / 1_000_000;
            String status = body.statusLine();
            if (!status.startsWith("HTTP/1.1 200")) return new Outcome(false, events, firstByte, millis, "status " + status);
            if (!body.finished()) return new Outcome(false, events, firstByte, millis, "the body ended before its last chunk");
            if (!sawDone) return new Outcome(false, events, firstByte, millis, "no [DONE] after " + events + " events");
            if (events < minEvents) return new Outcome(false, events, firstByte, millis, "only " + events + " events");
            return new Outcome(true, events, firstByte, millis, null);
        } catch (IOException e) {
            return new Outcome(false, events, firstByte, (System.nanoTime() - begin) / 1_000_000, e.toString());
        }
    }

    /**
     * Decodes an HTTP/1.1 response with a chunked body byte by byte: proxies re-chunk SSE at
     * arbitrary places, so events are counted in the decoded body, never on the wire.
     */
    static final class Dechunker {
        private enum State { HEAD, SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER, DONE }

        private final StringBuilder statusLine = new StringBuilder();
        private State state = State.HEAD;
        private int headEnd;
        private long remaining;
        private boolean statusDone;

        /** The body byte (0..255) this wire byte carries, or -1 for framing. */
        int next(byte wire) {
            int b = wire & 0xff;
            switch (state) {
                case HEAD -> {
                    if (!statusDone) {
                        if (b == '\r' || b == '\n') statusDone = true;
                        else statusLine.append((char) b);
                    }
                    headEnd = (b == '\r' || b == '\n') ? headEnd + 1 : 0;
                    if (headEnd == 4) state = State.SIZE;
                }
                case SIZE -> {
                    if (b == '\r') state = State.SIZE_LF;
                    else if (b == ';') state = State.EXTENSION;
                    else remaining = remaining * 16 + Character.digit(b, 16);
                }
                case EXTENSION -> {
                    if (b == '\r') state = State.SIZE_LF;
                }
                case SIZE_LF -> state = remaining == 0 ? State.TRAILER : State.DATA;
                case DATA -> {
                    if (--remaining == 0) state = State.DATA_CR;
                    return b;
                }
                case DATA_CR -> state = State.DATA_LF;
                case DATA_LF -> state = State.SIZE;
                case TRAILER -> {
                    if (b == '\n') state = State.DONE;
                }
                case DONE -> { }
            }
            return -1;
        }

        boolean finished() {
            return state == State.DONE;
        }

        String statusLine() {
            return statusLine.toString().strip();
        }
    }

    private static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) return -1;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.round(p / 100.0 * (sorted.size() - 1))));
    }
}
