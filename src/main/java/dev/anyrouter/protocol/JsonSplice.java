package dev.anyrouter.protocol;

import java.util.Optional;

/**
 * Edits of a JSON object's top-level members made in its text, not its tree: every byte the
 * client sent outside the edited member reaches the upstream as sent, and a request of any size
 * costs one scan instead of a parse of a copy and a serialisation of it.
 */
public final class JsonSplice {
    private JsonSplice() {}

    /**
     * {@code json} with the value of its top-level member {@code name} replaced by {@code value}
     * (JSON text); empty when it has no such member or is not a well-formed object (the caller
     * then edits a tree instead).
     */
    public static Optional<byte[]> replace(byte[] json, String name, byte[] value) {
        if (json.length > 0 && json[0] == (byte) 0xEF) return Optional.empty(); // a byte-order mark: leave it to the tree
        return JsonMember.locate(json, name).map(at -> {
            byte[] out = new byte[json.length - at.length() + value.length];
            System.arraycopy(json, 0, out, 0, at.start());
            System.arraycopy(value, 0, out, at.start(), value.length);
            System.arraycopy(json, at.end(), out, at.start() + value.length, json.length - at.end());
            return out;
        });
    }

    /**
     * {@code json}, a well-formed object without a member {@code name}, with that member added
     * last (its value JSON text). For text {@link #replace} accepted: nothing is checked again.
     */
    public static byte[] append(byte[] json, String name, byte[] value) {
        int close = json.length - 1;
        while (json[close] != '}') close--;
        int open = 0;
        while (json[open] != '{') open++;
        int first = open + 1;
        while (first < close && isSpace(json[first])) first++;
        byte[] member = ((first == close ? "" : ",") + '"' + name + "\":").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[json.length + member.length + value.length];
        System.arraycopy(json, 0, out, 0, close);
        System.arraycopy(member, 0, out, close, member.length);
        System.arraycopy(value, 0, out, close + member.length, value.length);
        System.arraycopy(json, close, out, close + member.length + value.length, json.length - close);
        return out;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
