package dev.anyrouter.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Edits of a JSON object's members made in its text, not its tree: every byte outside the edit
 * stays as it was, and a body of any size costs one scan instead of a parse of a copy and a
 * serialisation of it. Used for the client's request (its {@code model}) and the upstream's
 * answer (its {@code usage}).
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
        return JsonMember.locate(json, name).map(at -> replace(json, at, value));
    }

    /** {@code json} with the bytes of {@code at} replaced by {@code value}. */
    public static byte[] replace(byte[] json, JsonMember at, byte[] value) {
        byte[] out = new byte[json.length - at.length() + value.length];
        System.arraycopy(json, 0, out, 0, at.start());
        System.arraycopy(value, 0, out, at.start(), value.length);
        System.arraycopy(json, at.end(), out, at.start() + value.length, json.length - at.end());
        return out;
    }

    /**
     * {@code json} with {@code members} (JSON text such as {@code "a":1,"b":2}) added last to the
     * object whose text is the span {@code object}, which must be a well-formed object holding none
     * of them; nothing is checked again.
     */
    public static byte[] addMembers(byte[] json, JsonMember object, String members) {
        int close = object.end() - 1;
        int first = object.start() + 1;
        while (first < close && isSpace(json[first])) first++;
        byte[] added = ((first == close ? "" : ",") + members).getBytes(StandardCharsets.UTF_8);
        return replace(json, new JsonMember(close, close), added);
    }

    /**
     * {@code json}, a well-formed object without a member {@code name}, with that member added
     * last (its value JSON text). For text {@link #replace} accepted or a mapper wrote.
     */
    public static byte[] append(byte[] json, String name, byte[] value) {
        int open = 0;
        while (json[open] != '{') open++;
        int close = json.length - 1;
        while (json[close] != '}') close--;
        return addMembers(json, new JsonMember(open, close + 1),
                '"' + name + "\":" + new String(value, StandardCharsets.UTF_8));
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
