package dev.anyrouter.providers.exchange;

/**
 * The attempts of one event loop that have not ended yet, so that a node that stops can end each
 * of them in its client's wire instead of cutting its connection. Intrusive (the attempt's own
 * object is the node) and confined to its loop, as {@link FirstByteDeadlines} is: adding and
 * removing are O(1) with no allocation and no lock.
 */
final class OpenAttempts {
    /** One open attempt. */
    abstract static class Entry {
        private OpenAttempts list;
        private Entry previous;
        private Entry next;

        /** The node is stopping: end the attempt now, in the client's wire. Called once, on the loop. */
        protected abstract void stop();

        /** Takes the attempt out; harmless once it was. */
        final void closed() {
            if (list != null) list.unlink(this);
        }
    }

    private Entry head;
    private Entry tail;
    private int size;

    void add(Entry entry) {
        if (entry.list != null) throw new IllegalStateException("the attempt is already open");
        entry.list = this;
        entry.previous = tail;
        entry.next = null;
        if (tail == null) head = entry;
        else tail.next = entry;
        tail = entry;
        size++;
    }

    /** How many attempts are open. */
    int size() {
        return size;
    }

    /** Stops every open attempt, oldest first; each one leaves the list as it ends. */
    void stopAll() {
        while (head != null) {
            Entry first = head;
            unlink(first);
            first.stop();
        }
    }

    private void unlink(Entry entry) {
        if (entry.previous == null) head = entry.next;
        else entry.previous.next = entry.next;
        if (entry.next == null) tail = entry.previous;
        else entry.next.previous = entry.previous;
        entry.list = null;
        entry.previous = null;
        entry.next = null;
        size--;
    }
}
