package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The members OpenRouter adds to an OpenAI-wire {@code usage} object, which AnyRouter's answers
 * carry too: {@code cost} (what the caller's credits paid: 0 on their own key), {@code is_byok}
 * and {@code cost_details.upstream_inference_cost} (the usage at list price), in dollars.
 */
public final class UsageCost {
    /** The members this writes. */
    public static final List<String> MEMBERS = List.of("cost", "is_byok", "cost_details");

    private UsageCost() {}

    /** Writes the members into {@code usage} (an object; anything else is left alone). */
    public static void annotate(JsonNode usage, boolean byok, long costMicros) {
        if (!(usage instanceof ObjectNode node)) return;
        // Doubles, not BigDecimal: clients parse a plain number, never 2E+1.
        node.put("cost", byok ? 0.0 : costMicros / 1_000_000.0);
        node.put("is_byok", byok);
        node.putObject("cost_details").put("upstream_inference_cost", costMicros / 1_000_000.0);
    }

    /**
     * The members as JSON text, to write into a usage object that has none of them; numbers
     * written as Jackson writes a double, so both ways give the same JSON.
     */
    public static String members(boolean byok, long costMicros) {
        double cost = costMicros / 1_000_000.0;
        return "\"cost\":" + (byok ? 0.0 : cost) + ",\"is_byok\":" + byok
                + ",\"cost_details\":{\"upstream_inference_cost\":" + cost + "}";
    }

    /** Whether a usage object already has one of the members (a loop: this runs per answer). */
    public static boolean overlaps(JsonNode usage) {
        for (String member : MEMBERS) {
            if (usage.has(member)) return true;
        }
        return false;
    }
}
