package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.UnsupportedFieldException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a Responses request's client-run tools are named in the neutral model, and back. Other wires
 * know only flat functions: a {@code namespace} tool's functions become {@code <namespace>__<name>},
 * a {@code custom} tool (free-form text input) a function of one string argument {@code input}. The
 * model's calls are mapped back through this table, so a call to {@code mcp__fs__read} comes out as
 * {@code name: "read", namespace: "mcp__fs"} even when namespace and name contain {@code __} themselves.
 */
final class ResponsesToolNames {
    /** What the client calls a neutral tool name: its namespace (or null), its own name, and whether it is a custom tool. */
    record Target(String namespace, String name, boolean custom) {}

    static final String SEPARATOR = "__";

    private final Map<String, Target> byNeutral;

    private ResponsesToolNames(Map<String, Target> byNeutral) {
        this.byNeutral = Map.copyOf(byNeutral);
    }

    /** The table of the client-run tools in {@code tools} (other types are not the table's business). */
    static ResponsesToolNames of(List<JsonNode> tools) {
        Map<String, Target> names = new LinkedHashMap<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String where = "tools[" + i + "]";
            switch (tool.path("type").asText("")) {
                case "function" -> add(names, where, new Target(null, tool.path("name").asText(""), false));
                case "custom" -> add(names, where, new Target(null, tool.path("name").asText(""), true));
                case "namespace" -> {
                    String namespace = tool.path("name").asText("");
                    JsonNode members = tool.path("tools");
                    for (int j = 0; j < members.size(); j++) {
                        JsonNode member = members.get(j);
                        boolean custom = member.path("type").asText("").equals("custom");
                        add(names, where + ".tools[" + j + "]", new Target(namespace, member.path("name").asText(""), custom));
                    }
                }
                default -> { }
            }
        }
        return new ResponsesToolNames(names);
    }

    private static void add(Map<String, Target> names, String where, Target target) {
        String neutral = neutral(target.namespace(), target.name());
        if (names.putIfAbsent(neutral, target) != null) {
            throw new UnsupportedFieldException(where + ".name", "would be '" + neutral + "' for this model, as another tool"
                    + " is already: give the tools distinct names");
        }
    }

    /** The neutral name of a tool the client names so. */
    static String neutral(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + SEPARATOR + name;
    }

    /** What the client calls the neutral tool {@code neutralName}; a name the client did not offer stays a plain function. */
    Target target(String neutralName) {
        Target known = byNeutral.get(neutralName);
        return known != null ? known : new Target(null, neutralName, false);
    }
}
