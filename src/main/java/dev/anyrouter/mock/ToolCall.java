package dev.anyrouter.mock;

import java.util.ArrayList;
import java.util.List;

/**
 * One tool call the mock answers with: the tool's name and its arguments, always
 * {@code {"location":"<city>"}} so every wire calls with the same arguments.
 *
 * @param name     the tool called
 * @param location the {@code location} argument
 */
record ToolCall(String name, String location) {

    /** The arguments as one compact JSON object, as OpenAI's {@code arguments} string carries them. */
    String argumentsJson(JsonCodec json) {
        return "{\"location\":" + JsonCodec.quote(location) + "}";
    }

    /**
     * The arguments JSON cut where a tokenizer would cut it (between word and non-word
     * characters), as OpenAI and Anthropic stream them: {@code {"}, {@code location},
     * {@code ":"}, {@code Boston}, {@code , }, {@code MA}, {@code "}}. Concatenated they are
     * {@link #argumentsJson} exactly.
     */
    List<String> argumentFragments(JsonCodec json) {
        String whole = argumentsJson(json);
        List<String> fragments = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < whole.length(); i++) {
            if (isWordChar(whole.charAt(i)) != isWordChar(whole.charAt(i - 1))) {
                fragments.add(whole.substring(start, i));
                start = i;
            }
        }
        fragments.add(whole.substring(start));
        return fragments;
    }

    /** The completion tokens the mock reports for this call: one per argument fragment, one for the name. */
    int tokens(JsonCodec json) {
        return argumentFragments(json).size() + 1;
    }

    /** The completion tokens the mock reports for an answer making {@code calls}. */
    static int tokens(List<ToolCall> calls, JsonCodec json) {
        return calls.stream().mapToInt(call -> call.tokens(json)).sum();
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c);
    }
}
