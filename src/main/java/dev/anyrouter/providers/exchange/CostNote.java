package dev.anyrouter.providers.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.openai.UsageCost;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * What an answer's usage object also says, as OpenRouter's do ({@link UsageCost}): what the usage
 * cost and who paid. The price comes from whoever bills the request ({@code inference}); the
 * exchange only writes it where the wire keeps its usage, so the client reads the cost the request
 * is billed. Each usage is priced once, however often a stream restates it. One per attempt, used
 * from its event loop.
 */
public final class CostNote {
    private final boolean byok;
    private final ToLongFunction<Usage> pricing;
    private Usage priced;
    private long pricedMicros;

    /**
     * @param byok whether the caller's own key pays (then {@code cost} is 0)
     * @param pricing the usage's cost at list price, in micro-dollars
     */
    public CostNote(boolean byok, ToLongFunction<Usage> pricing) {
        this.byok = byok;
        this.pricing = Objects.requireNonNull(pricing, "pricing");
    }

    /** What {@code usage} costs at list price, in micro-dollars (0 for none). */
    public long costMicros(Usage usage) {
        if (usage == Usage.NONE) return 0;
        if (!usage.equals(priced)) {
            pricedMicros = pricing.applyAsLong(usage);
            priced = usage;
        }
        return pricedMicros;
    }

    /** Writes the note into {@code usageObject} (members of the same names are replaced). */
    void annotate(JsonNode usageObject, Usage usage) {
        UsageCost.annotate(usageObject, byok, costMicros(usage));
    }

    /** The note's members as JSON text, for a usage object that has none of them yet. */
    String members(Usage usage) {
        return UsageCost.members(byok, costMicros(usage));
    }
}
