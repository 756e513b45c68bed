package dev.anyrouter.mock;

import java.util.ArrayDeque;
import java.util.List;

/** The answers clients walked away from, newest last; only the last {@code capacity} are kept. */
final class AbandonedLog {
    private final int capacity;
    private final ArrayDeque<Abandoned> recent = new ArrayDeque<>();

    AbandonedLog(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.capacity = capacity;
    }

    synchronized void add(Abandoned answer) {
        if (recent.size() == capacity) recent.removeFirst();
        recent.addLast(answer);
    }

    synchronized List<Abandoned> snapshot() {
        return List.copyOf(recent);
    }

    synchronized void clear() {
        recent.clear();
    }
}
