package dev.anyrouter.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random JSON answers for property tests of byte-level readers: strings full of braces, quotes,
 * escapes and non-ASCII text, whitespace anywhere, the {@code usage} name as a decoy in nested
 * objects and string values, and a top-level {@code usage} member (or none) at any position.
 */
public final class RandomJson {
    private static final String[] SPACES = {"", "", "", " ", "\n", "\t", "\r\n  ", "  "};
    private static final String[] STRINGS = {
        "", "usage", "{", "}", "[", "]", "\\\"usage\\\": {", "\\\\", "\\\\\\\"", "a\\\"b", "\\u0075sage", "\\u007b\\u007D",
        "caf\u00e9 \u20ac \ud83d\ude00", "\\/", "line\\nbreak\\t\\r\\b\\f", "\\ud83d\\ude00", ",:", "null", "{\\\"usage\\\":1}",
    };
    private static final String[] KEYS = {"id", "object", "model", "choices", "message", "content", "usage", "\\u0075sage",
        "us\\u0061ge", "usage ", "Usage", "usages", "x\\\"usage", "caf\u00e9", ""};
    private static final String[] NUMBERS = {"0", "-0", "1", "-17", "3.25", "1e3", "1.0E-2", "-2.5e+10", "123456789012345678", "0.1"};

    private final Random random;

    public RandomJson(Random random) {
        this.random = random;
    }

    /** An answer whose top level has decoy members and {@code usage} (written as {@code usage}) at a random place, or none. */
    public String answer(boolean withUsage) {
        List<String> members = new ArrayList<>();
        int count = random.nextInt(6);
        for (int m = 0; m < count; m++) {
            String key;
            do {
                key = KEYS[random.nextInt(KEYS.length)];
            } while (key.equals("usage") || key.startsWith("\\u0075") || key.startsWith("us\\u"));
            members.add(member(key, value(0)));
        }
        if (withUsage) {
            String key = random.nextInt(5) == 0 ? "\\u0075sage" : "usage";
            members.add(random.nextInt(members.size() + 1), member(key, usage()));
            // A name given twice: the last counts, for a parse and the locator alike.
            if (random.nextInt(10) == 0) members.add(random.nextInt(members.size() + 1), member("usage", usage()));
        }
        StringBuilder json = new StringBuilder(space()).append('{').append(space());
        for (int m = 0; m < members.size(); m++) {
            if (m > 0) json.append(',').append(space());
            json.append(members.get(m));
        }
        return json.append(space()).append('}').append(space()).toString();
    }

    /** A usage object with real counts, nested details and decoys; now and then not an object at all. */
    public String usage() {
        int kind = random.nextInt(12);
        if (kind == 0) return "null";
        if (kind == 1) return NUMBERS[random.nextInt(NUMBERS.length)];
        List<String> members = new ArrayList<>();
        members.add(member("prompt_tokens", Integer.toString(random.nextInt(100_000))));
        members.add(member("completion_tokens", Integer.toString(random.nextInt(10_000))));
        members.add(member("input_tokens", Integer.toString(random.nextInt(100_000))));
        members.add(member("output_tokens", Integer.toString(random.nextInt(10_000))));
        members.add(member("total_tokens", Integer.toString(random.nextInt(110_000))));
        if (random.nextBoolean()) {
            members.add(member("prompt_tokens_details", "{" + member("cached_tokens", Integer.toString(random.nextInt(50_000))) + "}"));
        }
        if (random.nextBoolean()) members.add(member("cache_read_input_tokens", Integer.toString(random.nextInt(5_000))));
        if (random.nextBoolean()) members.add(member("usage", value(1)));
        if (random.nextBoolean()) members.add(member("note", string()));
        java.util.Collections.shuffle(members, random);
        return "{" + space() + String.join("," + space(), members) + space() + "}";
    }

    private String member(String key, String value) {
        return '"' + key + '"' + space() + ':' + space() + value + space();
    }

    private String value(int depth) {
        int kind = random.nextInt(depth > 3 ? 5 : 8);
        return switch (kind) {
            case 0 -> string();
            case 1 -> NUMBERS[random.nextInt(NUMBERS.length)];
            case 2 -> "true";
            case 3 -> "false";
            case 4 -> "null";
            case 5, 6 -> {
                StringBuilder object = new StringBuilder("{").append(space());
                int count = random.nextInt(4);
                for (int m = 0; m < count; m++) {
                    if (m > 0) object.append(',').append(space());
                    object.append(member(KEYS[random.nextInt(KEYS.length)], value(depth + 1)));
                }
                yield object.append('}').toString();
            }
            default -> {
                StringBuilder array = new StringBuilder("[").append(space());
                int count = random.nextInt(4);
                for (int m = 0; m < count; m++) {
                    if (m > 0) array.append(',').append(space());
                    array.append(value(depth + 1)).append(space());
                }
                yield array.append(']').toString();
            }
        };
    }

    private String string() {
        StringBuilder s = new StringBuilder("\"");
        int pieces = random.nextInt(4);
        for (int p = 0; p < pieces; p++) s.append(STRINGS[random.nextInt(STRINGS.length)]);
        return s.append('"').toString();
    }

    private String space() {
        return SPACES[random.nextInt(SPACES.length)];
    }
}
