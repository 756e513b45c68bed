package dev.anyrouter.usage;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;

/**
 * An attempt trace as the JSON the usage log stores: the text the JSON mapper writes for the
 * list, written directly. The writer runs once per request record, and a mapper call per record
 * (a generator and its buffers each time) cost more than the insert itself.
 */
final class TraceText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private TraceText() {}

    /** The trace's JSON, or null for an empty trace (stored as no trace). */
    static String of(List<AttemptTrace> attempts) {
        if (attempts.isEmpty()) return null;
        StringBuilder out = new StringBuilder(112 * attempts.size()).append('[');
        for (int i = 0; i < attempts.size(); i++) {
            AttemptTrace t = attempts.get(i);
            if (i > 0) out.append(',');
            out.append("{\"key\":");
            string(out, t.key());
            out.append(",\"provider\":");
            string(out, t.provider());
            out.append(",\"outcome\":");
            string(out, t.outcome());
            out.append(",\"millis\":").append(t.millis()).append(",\"model\":");
            string(out, t.model());
            out.append(",\"why\":");
            string(out, t.why());
            out.append('}');
        }
        return out.append(']').toString();
    }

    private static void string(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        // Key ids, provider ids, outcomes and model names almost never hold a character to escape.
        if (plain(value)) out.append(value);
        else escaped(out, value);
        out.append('"');
    }

    /** Nothing the mapper would escape: no control character, quote, backslash or surrogate. */
    private static boolean plain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) return false;
        }
        return true;
    }

    private static void escaped(StringBuilder out, String value) {
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Character.isSurrogate(c)) continue;
            // The mapper writes each half of a surrogate pair as an escape (Jackson's default), so this does too.
            JsonStringEncoder.getInstance().quoteAsString(value.substring(run, i), out);
            out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
            run = i + 1;
        }
        JsonStringEncoder.getInstance().quoteAsString(run == 0 ? value : value.substring(run), out);
    }
}
