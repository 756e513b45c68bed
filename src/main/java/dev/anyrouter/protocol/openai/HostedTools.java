package dev.anyrouter.protocol.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which of a Responses request's tools only OpenAI can serve. Tools the client runs itself
 * ({@code function}, {@code custom}, a {@code namespace} of them) can be offered to any model
 * through translation; every other type ({@code web_search}, {@code file_search},
 * {@code code_interpreter}, {@code mcp}, {@code image_generation}, {@code computer_use_preview},
 * {@code local_shell}, {@code shell}, {@code apply_patch}, and types not yet known) is run or
 * shaped by OpenAI, so a request carrying one cannot go to another provider, unless the client
 * marked that type optional, in which case it is left out. Never dropped silently: the caller
 * reports what was left out. Pure, no I/O.
 */
public final class HostedTools {

    /** Tool types the client itself executes, which a translation can carry to any provider. */
    public static final Set<String> CLIENT_RUN = Set.of("function", "custom", "namespace");

    /**
     * What to do with the hosted tools of one request bound for a provider that cannot run them.
     *
     * @param refused hosted tool types the client did not mark optional: the request must be refused naming them
     * @param dropped hosted tool types marked optional, to leave out (and to report as left out)
     */
    public record Verdict(List<String> refused, List<String> dropped) {
        public Verdict {
            refused = List.copyOf(refused);
            dropped = List.copyOf(dropped);
        }

        public boolean allowed() {
            return refused.isEmpty();
        }
    }

    private HostedTools() {}

    /**
     * @param toolTypes the {@code type} of each of a request's tools, in order
     * @param optional tool types the client marked optional (lower-case), e.g. from the
     *     {@code X-AnyRouter-Optional-Tools} header
     */
    public static Verdict judge(List<String> toolTypes, Set<String> optional) {
        List<String> refused = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String type : toolTypes) {
            if (CLIENT_RUN.contains(type)) continue;
            List<String> into = optional.contains(type.toLowerCase(Locale.ROOT)) ? dropped : refused;
            if (!into.contains(type)) into.add(type);
        }
        return new Verdict(refused, dropped);
    }

    /** Parses a comma-separated list of tool types ({@code "web_search, image_generation"}); null gives none. */
    public static Set<String> optionalTypes(String header) {
        if (header == null || header.isBlank()) return Set.of();
        Set<String> types = new java.util.HashSet<>();
        for (String type : header.split(",")) {
            String trimmed = type.strip().toLowerCase(Locale.ROOT);
            if (!trimmed.isEmpty()) types.add(trimmed);
        }
        return Set.copyOf(types);
    }
}
