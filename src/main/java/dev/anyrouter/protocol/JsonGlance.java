package dev.anyrouter.protocol;

/**
 * A look at JSON text without parsing it, for hot paths that only need to know whether a parse
 * could find something. Answers err on one side only: "maybe" costs a parse, "no" must be certain.
 * A key written with a backslash-u escape is the one way a member hides from a text search, so any
 * text containing a backslash-u counts as "maybe". One glance answers several questions about the
 * same text and searches it for escapes once (a stream asks four of every event).
 */
public final class JsonGlance {
    private final String json;
    private final boolean escaped;

    private JsonGlance(String json) {
        this.json = json;
        this.escaped = json.indexOf('\\') >= 0 && json.contains("\\u");
    }

    /** A glance at {@code json}. */
    public static JsonGlance at(String json) {
        return new JsonGlance(json);
    }

    /** False only when the text certainly has no member {@code key} whose value is other than {@code null}. */
    public boolean mayHaveValue(String key) {
        if (escaped) return true;
        String quoted = '"' + key + '"';
        for (int at = json.indexOf(quoted); at >= 0; at = json.indexOf(quoted, at + 1)) {
            int i = skipSpaces(json, at + quoted.length());
            if (i < json.length() && json.charAt(i) == ':') {
                i = skipSpaces(json, i + 1);
                if (i < json.length() && !json.startsWith("null", i)) return true;
            }
        }
        return false;
    }

    /** False only when the text certainly has no member {@code key}, whatever its value. */
    public boolean mayHave(String key) {
        return escaped || json.contains('"' + key + '"');
    }

    /**
     * The characters of every string value of a member named one of {@code keys}, decoded (an
     * escape is one character), wherever it is nested: the text a stream's delta carries, counted
     * without a parse. A member name written with a backslash-u escape is not seen (no wire writes
     * its own keys so).
     */
    public long stringChars(String... keys) {
        long total = 0;
        for (String key : keys) {
            String quoted = '"' + key + '"';
            for (int at = json.indexOf(quoted); at >= 0; at = json.indexOf(quoted, at + quoted.length())) {
                int i = skipSpaces(json, at + quoted.length());
                if (i >= json.length() || json.charAt(i) != ':') continue;
                i = skipSpaces(json, i + 1);
                if (i < json.length() && json.charAt(i) == '"') total += decodedLength(json, i + 1);
            }
        }
        return total;
    }

    /** Characters of the string whose text starts at {@code from}, up to its closing quote. */
    private static long decodedLength(String s, int from) {
        long length = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') return length;
            if (c == '\\') i += i + 1 < s.length() && s.charAt(i + 1) == 'u' ? 5 : 1;
            length++;
        }
        return length;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) i++;
        return i;
    }
}
