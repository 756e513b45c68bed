package dev.anyrouter.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where the value of one top-level member of a JSON object sits in its UTF-8 text: the bytes
 * {@code [start, end)}. Found without building a tree, so a hot path can parse or replace that one
 * value and leave every other byte as it came.
 *
 * <p>{@link #locate} reads the whole text as strictly as {@link Json#parse} does (no comments, no
 * trailing commas, no leading zeros, escapes and UTF-8 checked, nothing after the object but
 * whitespace), so it never points into text a parse would refuse: malformed text has no member.
 * A name written with escapes ({@code "\u0075sage"}) is the name it decodes to, and of a name given
 * twice the last counts, as with a parse.
 *
 * @param start index of the value's first byte
 * @param end index just past the value's last byte
 */
public record JsonMember(int start, int end) {
    /** Deeper nesting than a parse accepts (Jackson's default) is malformed here too. */
    private static final int MAX_DEPTH = 1000;
    private static final int MALFORMED = -1;

    public JsonMember {
        if (start < 0 || end < start) throw new IllegalArgumentException("not a span: [" + start + ", " + end + ")");
    }

    /** The value's length in bytes. */
    public int length() {
        return end - start;
    }

    /** The value of the top-level member {@code name} of the object {@code json}; empty when it has none or is not a well-formed object. */
    public static Optional<JsonMember> locate(byte[] json, String name) {
        Scanned scanned = scan(json, name);
        return Optional.ofNullable(scanned.member());
    }

    /**
     * One pass over {@code json}: whether it is a well-formed object, and where the value of its
     * top-level member {@code name} is (null when it has none, or is not well-formed).
     */
    public static Scanned scan(byte[] json, String name) {
        Scan scan = new Scan(json, name.getBytes(StandardCharsets.UTF_8), name);
        return scan.wellFormed() ? new Scanned(true, scan.found) : new Scanned(false, null);
    }

    /** What {@link #scan} found. */
    public record Scanned(boolean wellFormed, JsonMember member) {}

    /** One pass over one text; every step returns the index after what it read, or {@link #MALFORMED}. */
    private static final class Scan {
        private final byte[] in;
        private final byte[] nameBytes;
        private final String name;
        /** The last top-level member named {@link #name} seen so far. */
        private JsonMember found;

        Scan(byte[] in, byte[] nameBytes, String name) {
            this.in = in;
            this.nameBytes = nameBytes;
            this.name = name;
        }

        boolean wellFormed() {
            int i = spaces(skipByteOrderMark());
            if (i >= in.length || in[i] != '{') return false;
            i = object(i, 1);
            return i != MALFORMED && end(i);
        }

        /** Whether only whitespace follows the object. */
        private boolean end(int i) {
            return spaces(i) == in.length;
        }

        private int skipByteOrderMark() {
            return in.length >= 3 && in[0] == (byte) 0xEF && in[1] == (byte) 0xBB && in[2] == (byte) 0xBF ? 3 : 0;
        }

        private int spaces(int i) {
            while (i < in.length && (in[i] == ' ' || in[i] == '\n' || in[i] == '\r' || in[i] == '\t')) i++;
            return i;
        }

        /** Whether the key between the quotes {@code [from, to)} is the wanted name. */
        private boolean isName(int from, int to) {
            for (int k = from; k < to; k++) {
                if (in[k] == '\\') return decoded(from, to).equals(name);
            }
            return Arrays.equals(in, from, to, nameBytes, 0, nameBytes.length);
        }

        /** The text of a well-formed string body with escapes; raw runs between escapes are whole UTF-8 sequences. */
        private String decoded(int from, int to) {
            StringBuilder text = new StringBuilder(to - from);
            int run = from;
            for (int k = from; k < to; k++) {
                if (in[k] != '\\') continue;
                text.append(new String(in, run, k - run, StandardCharsets.UTF_8));
                byte e = in[k + 1];
                switch (e) {
                    case 'b' -> text.append('\b');
                    case 'f' -> text.append('\f');
                    case 'n' -> text.append('\n');
                    case 'r' -> text.append('\r');
                    case 't' -> text.append('\t');
                    case 'u' -> {
                        text.append((char) Integer.parseInt(new String(in, k + 2, 4, StandardCharsets.US_ASCII), 16));
                        k += 4;
                    }
                    default -> text.append((char) e); // " \ /
                }
                k++;
                run = k + 1;
            }
            return text.append(new String(in, run, to - run, StandardCharsets.UTF_8)).toString();
        }

        private int value(int i, int depth) {
            if (i >= in.length) return MALFORMED;
            return switch (in[i]) {
                case '"' -> string(i);
                case '{' -> object(i, depth + 1);
                case '[' -> array(i, depth + 1);
                case 't' -> literal(i, "true");
                case 'f' -> literal(i, "false");
                case 'n' -> literal(i, "null");
                default -> number(i);
            };
        }

        /** An object from its opening brace; at depth 1 (the top level) it notes where the wanted member's value is. */
        private int object(int i, int depth) {
            if (depth > MAX_DEPTH) return MALFORMED;
            i = spaces(i + 1);
            if (i < in.length && in[i] == '}') return i + 1;
            while (true) {
                if (i >= in.length || in[i] != '"') return MALFORMED;
                int key = i;
                i = string(i);
                if (i == MALFORMED) return MALFORMED;
                boolean wanted = depth == 1 && isName(key + 1, i - 1);
                i = spaces(i);
                if (i >= in.length || in[i] != ':') return MALFORMED;
                int valueStart = spaces(i + 1);
                i = value(valueStart, depth);
                if (i == MALFORMED) return MALFORMED;
                if (wanted) found = new JsonMember(valueStart, i);
                i = spaces(i);
                if (i >= in.length) return MALFORMED;
                if (in[i] == '}') return i + 1;
                if (in[i] != ',') return MALFORMED;
                i = spaces(i + 1);
            }
        }

        private int array(int i, int depth) {
            if (depth > MAX_DEPTH) return MALFORMED;
            i = spaces(i + 1);
            if (i < in.length && in[i] == ']') return i + 1;
            while (true) {
                i = value(i, depth);
                if (i == MALFORMED) return MALFORMED;
                i = spaces(i);
                if (i >= in.length) return MALFORMED;
                if (in[i] == ']') return i + 1;
                if (in[i] != ',') return MALFORMED;
                i = spaces(i + 1);
            }
        }

        /** A string from its opening quote: escapes as JSON allows them, no raw control characters, well-formed UTF-8. */
        private int string(int i) {
            i++;
            while (i < in.length) {
                int b = in[i] & 0xFF;
                if (b == '"') return i + 1;
                if (b == '\\') {
                    i = escape(i + 1);
                } else if (b < 0x20) {
                    return MALFORMED;
                } else if (b < 0x80) {
                    i++;
                } else {
                    i = utf8(i, b);
                }
                if (i == MALFORMED) return MALFORMED;
            }
            return MALFORMED;
        }

        private int escape(int i) {
            if (i >= in.length) return MALFORMED;
            switch (in[i]) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                    return i + 1;
                }
                case 'u' -> {
                    if (i + 4 >= in.length) return MALFORMED;
                    for (int k = i + 1; k <= i + 4; k++) {
                        if (Character.digit(in[k], 16) < 0) return MALFORMED;
                    }
                    return i + 5;
                }
                default -> {
                    return MALFORMED;
                }
            }
        }

        /** One multi-byte UTF-8 sequence from its lead byte {@code b}. */
        private int utf8(int i, int b) {
            int more = b >= 0xF0 && b <= 0xF7 ? 3 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xC0 && b <= 0xDF ? 1 : -1;
            if (more < 0 || i + more >= in.length) return MALFORMED;
            for (int k = i + 1; k <= i + more; k++) {
                if ((in[k] & 0xC0) != 0x80) return MALFORMED;
            }
            return i + more + 1;
        }

        private int literal(int i, String word) {
            if (i + word.length() > in.length) return MALFORMED;
            for (int k = 0; k < word.length(); k++) {
                if (in[i + k] != word.charAt(k)) return MALFORMED;
            }
            return i + word.length();
        }

        /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} */
        private int number(int i) {
            if (i < in.length && in[i] == '-') i++;
            if (i >= in.length) return MALFORMED;
            if (in[i] == '0') {
                i++;
            } else if (in[i] >= '1' && in[i] <= '9') {
                i = digits(i);
            } else {
                return MALFORMED;
            }
            if (i < in.length && in[i] == '.') {
                int after = digits(i + 1);
                if (after == i + 1) return MALFORMED;
                i = after;
            }
            if (i < in.length && (in[i] == 'e' || in[i] == 'E')) {
                i++;
                if (i < in.length && (in[i] == '+' || in[i] == '-')) i++;
                int after = digits(i);
                if (after == i) return MALFORMED;
                i = after;
            }
            return i;
        }

        private int digits(int i) {
            while (i < in.length && in[i] >= '0' && in[i] <= '9') i++;
            return i;
        }
    }
}
