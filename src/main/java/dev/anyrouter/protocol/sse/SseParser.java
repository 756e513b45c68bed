package dev.anyrouter.protocol.sse;

import dev.anyrouter.protocol.StreamFraming;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a byte stream into server-sent events as chunks arrive. Events end at a blank line;
 * LF, CRLF and CR line ends are all accepted (Gemini separates events with CRLF CRLF). Only an
 * incomplete trailing event is held back, never the whole stream. Not thread-safe: one per stream.
 *
 * <p>This runs for every chunk of every stream, so it scans bytes in one growable buffer: no
 * regular expression, no copy of what is pending on each feed, one copy per event (its raw bytes).
 *
 * <p>What is held for an incomplete event is bounded: a chunk that would take it past
 * {@code maxEventBytes} (an endless line, an event that never ends) throws
 * {@link StreamFraming.EventTooLargeException} before anything is copied, so one stream holds at most that much.
 */
public final class SseParser implements StreamFraming {
    /** The bound when none is given: larger than any event a provider sends (a partial image included). */
    public static final int DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

    private final int maxEventBytes;
    private byte[] pending = new byte[512];
    private int length;
    private int scanFrom;

    public SseParser() {
        this(DEFAULT_MAX_EVENT_BYTES);
    }

    /** @param maxEventBytes most bytes held for one incomplete event */
    public SseParser(int maxEventBytes) {
        if (maxEventBytes < 1) throw new IllegalArgumentException("the event bound must be positive");
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Feeds the next chunk and returns every event it completes, in order.
     *
     * @throws StreamFraming.EventTooLargeException when the chunk's events cannot be parsed within the bound
     */
    @Override
    public List<SseEvent> feed(byte[] chunk) {
        if (chunk.length > maxEventBytes - length) {
            // Only what completes an event may pass the bound: parse what is held plus the chunk in
            // slices no larger than the room left, so a megabyte chunk of small events still parses.
            return feedInSlices(chunk);
        }
        append(chunk, 0, chunk.length);
        return drain();
    }

    private List<SseEvent> feedInSlices(byte[] chunk) {
        List<SseEvent> events = new ArrayList<>();
        int at = 0;
        while (at < chunk.length) {
            int room = maxEventBytes - length;
            if (room <= 0) throw new StreamFraming.EventTooLargeException(maxEventBytes);
            int n = Math.min(room, chunk.length - at);
            append(chunk, at, n);
            at += n;
            events.addAll(drain());
        }
        return events;
    }

    private List<SseEvent> drain() {
        List<SseEvent> events = List.of();
        int start = 0;
        int i = scanFrom;
        while (i < length) {
            int end = eventEnd(pending, i, length);
            if (end < 0) break;
            if (events.isEmpty()) events = new ArrayList<>(2);
            events.add(toEvent(pending, start, end));
            start = end;
            i = end;
        }
        if (start > 0) {
            System.arraycopy(pending, start, pending, 0, length - start);
            length -= start;
        }
        // A terminator may straddle two chunks: rescan the last three bytes next time.
        scanFrom = Math.max(0, length - 3);
        return events;
    }

    /** Bytes received that do not yet form a complete event. */
    public int pendingBytes() {
        return length;
    }

    private void append(byte[] chunk, int from, int n) {
        if (length + n > pending.length) {
            pending = Arrays.copyOf(pending, Math.min(maxEventBytes, Math.max(pending.length * 2, length + n)));
        }
        System.arraycopy(chunk, from, pending, length, n);
        length += n;
    }

    /** Index just past the blank line that ends the event containing position i, or -1. */
    private static int eventEnd(byte[] b, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (b[i] != '\n' && b[i] != '\r') continue;
            int afterFirst = lineBreakEnd(b, i, limit);
            if (afterFirst < 0 || afterFirst >= limit) return -1;
            if (b[afterFirst] == '\n' || b[afterFirst] == '\r') {
                return lineBreakEnd(b, afterFirst, limit);
            }
            i = afterFirst - 1;
        }
        return -1;
    }

    /** End of the line break starting at i; -1 when a CR is last and an LF may still follow. */
    private static int lineBreakEnd(byte[] b, int i, int limit) {
        if (b[i] == '\r') {
            if (i + 1 >= limit) return -1;
            return b[i + 1] == '\n' ? i + 2 : i + 1;
        }
        return i + 1;
    }

    /** Reads the event in b[from, to): its {@code event:} name and its {@code data:} lines joined by LF. */
    private static SseEvent toEvent(byte[] b, int from, int to) {
        String event = null;
        String data = null;
        StringBuilder joined = null;
        int line = from;
        while (line < to) {
            int end = line;
            while (end < to && b[end] != '\n' && b[end] != '\r') end++;
            if (startsWith(b, line, end, "data:")) {
                int value = line + 5 < end && b[line + 5] == ' ' ? line + 6 : line + 5;
                String part = new String(b, value, end - value, StandardCharsets.UTF_8);
                if (data == null) {
                    data = part;
                } else {
                    if (joined == null) joined = new StringBuilder(data);
                    joined.append('\n').append(part);
                }
            } else if (startsWith(b, line, end, "event:")) {
                event = new String(b, line + 6, end - line - 6, StandardCharsets.UTF_8).strip();
            }
            line = end + (end + 1 < to && b[end] == '\r' && b[end + 1] == '\n' ? 2 : 1);
        }
        return new SseEvent(Arrays.copyOfRange(b, from, to), event, joined != null ? joined.toString() : data);
    }

    private static boolean startsWith(byte[] b, int from, int end, String prefix) {
        if (end - from < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) {
            if (b[from + i] != prefix.charAt(i)) return false;
        }
        return true;
    }
}
