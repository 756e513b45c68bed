package dev.anyrouter.mock;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The requests received, newest last. Only the last {@code capacity} are kept so a benchmark
 * cannot exhaust memory; the total is exact. Also counts the answers still open: begun, and
 * neither ended nor let go by the client, which is how a test sees that a client freed a
 * connection the mock would have held forever (a stall, a drip, an endless body).
 */
final class RequestLog {

    private final int capacity;
    private final ArrayDeque<ReceivedRequest> recent;
    private long total;
    private int open;

    RequestLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.recent = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    synchronized void add(ReceivedRequest request) {
        if (recent.size() == capacity) {
            recent.removeFirst();
        }
        recent.addLast(request);
        total++;
    }

    /** An answer began; {@link #closed} once it ended or its client went away. */
    synchronized void opened() {
        open++;
    }

    synchronized void closed() {
        open--;
    }

    /** Answers begun and neither ended nor abandoned by their client. */
    synchronized int open() {
        return open;
    }

    synchronized List<ReceivedRequest> snapshot() {
        return List.copyOf(recent);
    }

    /** Requests received since start or the last {@link #clear()}, including those no longer kept. */
    synchronized long total() {
        return total;
    }

    synchronized void clear() {
        recent.clear();
        total = 0;
    }
}
