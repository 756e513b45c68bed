package dev.anyrouter.mock;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The ids of responses made with {@code store} left on, so that a later request may name one as
 * its {@code previous_response_id}; only the ids, the newest {@code capacity} of them. Safe to
 * share between event loops.
 */
final class StoredResponses {

    private final int capacity;
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final Queue<String> order = new ConcurrentLinkedQueue<>();

    StoredResponses(int capacity) {
        this.capacity = capacity;
    }

    void add(String id) {
        if (ids.add(id)) {
            order.add(id);
            while (ids.size() > capacity) {
                String oldest = order.poll();
                if (oldest == null) {
                    break;
                }
                ids.remove(oldest);
            }
        }
    }

    boolean contains(String id) {
        return ids.contains(id);
    }
}
