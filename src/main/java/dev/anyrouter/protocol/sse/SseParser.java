package dev.anyrouter.protocol.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte stream into server-sent events as chunks arrive. Events end at a blank line;
 * LF, CRLF and CR line ends are all accepted (Gemini separates events with CRLF CRLF). Only an
 * incomplete trailing event is held back, never the whole stream. Not thread-safe: one per stream.
 */
public final class SseParser {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(512);
    private int scanFrom;

    /** Feeds the next chunk and returns every event it completes, in order. */
    public List<SseEvent> feed(byte[] chunk) {
        pending.write(chunk, 0, chunk.length);
        List<SseEvent> events = new ArrayList<>(2);
        byte[] buf = pending.toByteArray();
        int start = 0;
        int i = Math.max(0, scanFrom);
        while (i < buf.length) {
            int end = eventEnd(buf, i);
            if (end < 0) break;
            byte[] raw = java.util.Arrays.copyOfRange(buf, start, end);
            events.add(toEvent(raw));
            start = end;
            i = end;
        }
        if (start > 0) {
            pending.reset();
            pending.write(buf, start, buf.length - start);
        }
        // A terminator may straddle two chunks: rescan the last three bytes next time.
        scanFrom = Math.max(0, pending.size() - 3);
        return events;
    }

    /** Bytes received that do not yet form a complete event. */
    public int pendingBytes() {
        return pending.size();
    }

    /** Index just past the blank line that ends the event containing position i, or -1. */
    private static int eventEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] != '\n' && b[i] != '\r') continue;
            int afterFirst = lineBreakEnd(b, i);
            if (afterFirst < 0) return -1;
            if (afterFirst >= b.length) return -1;
            if (b[afterFirst] == '\n' || b[afterFirst] == '\r') {
                int afterSecond = lineBreakEnd(b, afterFirst);
                if (afterSecond < 0) return -1;
                return afterSecond;
            }
            i = afterFirst - 1;
        }
        return -1;
    }

    /** End of the line break starting at i; -1 when a CR is last and an LF may still follow. */
    private static int lineBreakEnd(byte[] b, int i) {
        if (b[i] == '\r') {
            if (i + 1 >= b.length) return -1;
            return b[i + 1] == '\n' ? i + 2 : i + 1;
        }
        return i + 1;
    }

    private static SseEvent toEvent(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        String event = null;
        StringBuilder data = null;
        for (String line : text.split("\r\n|\r|\n")) {
            if (line.startsWith("data:")) {
                String value = line.substring(line.length() > 5 && line.charAt(5) == ' ' ? 6 : 5);
                if (data == null) data = new StringBuilder(value);
                else data.append('\n').append(value);
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            }
        }
        return new SseEvent(raw, event, data == null ? null : data.toString());
    }
}
