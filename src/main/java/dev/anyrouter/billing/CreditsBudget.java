package dev.anyrouter.billing;

import dev.anyrouter.protocol.Usage;
import java.util.Map;
import java.util.Objects;

/**
 * What a credits request may cost at worst, reserved before it goes out, and how much output a
 * reservation pays for. The worst case is the prompt's estimate (an over-estimate: {@code
 * protocol.TokenEstimate}'s ceiling), written to a cache if the request asks for one, plus the most
 * output the request is allowed, at the price of the tier it names, with its hosted tools' fees,
 * all through the {@link Tariff} that prices the answer afterwards, so the bound and the bill
 * agree. A pure function.
 */
public final class CreditsBudget {
    /**
     * Fewer output tokens than this are no useful answer: a balance that covers no more is answered
     * 402, not with a few words cut off.
     */
    public static final long MIN_USEFUL_OUTPUT = 16;
    /** The output allowed when neither the client nor the catalog names a limit. */
    public static final long DEFAULT_MAX_OUTPUT = 4_096;

    private final Tariff tariff;

    public CreditsBudget(Tariff tariff) {
        this.tariff = Objects.requireNonNull(tariff);
    }

    /**
     * One credits request's worst case.
     *
     * @param model the canonical model id
     * @param list its list price
     * @param inputTokens the prompt's ceiling estimate
     * @param cacheWrite the request marks prompt parts for caching ({@code cache_control}): all of it may be a cache write
     * @param cacheWrite1h ... for an hour
     * @param toolCalls hosted tools the request offers, by type, each counted at the calls allowed for it
     * @param serviceTier the tier it names, or null
     * @param ceilingOutput the most output it may be allowed: the client's limit, else the model's, else {@link #DEFAULT_MAX_OUTPUT}
     */
    public record Ask(String model, ModelPrice list, long inputTokens, boolean cacheWrite, boolean cacheWrite1h,
                      Map<String, Long> toolCalls, String serviceTier, long ceilingOutput) {
        public Ask {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(list, "list");
            toolCalls = Map.copyOf(toolCalls);
            inputTokens = Math.max(0, inputTokens);
            ceilingOutput = Math.max(0, ceilingOutput);
        }
    }

    /** What to reserve: at least {@code leastMicros} (a useful answer), at most {@code mostMicros} (the whole ceiling). */
    public record Span(long leastMicros, long mostMicros) {}

    /** The reservation's bounds for {@code ask}. */
    public Span span(Ask ask) {
        long most = cost(ask, ask.ceilingOutput());
        return new Span(Math.min(most, cost(ask, Math.min(MIN_USEFUL_OUTPUT, ask.ceilingOutput()))), most);
    }

    /**
     * The most output tokens {@code heldMicros} pays for on top of the prompt, never more than the
     * ask's ceiling: the limit the upstream is given. 0 when the hold does not cover the prompt.
     */
    public long outputCovered(Ask ask, long heldMicros) {
        if (cost(ask, 0) > heldMicros) return 0;
        long low = 0;
        long high = ask.ceilingOutput();
        if (cost(ask, high) <= heldMicros) return high;
        while (low < high) { // cost is monotone in output: the largest output whose cost the hold covers
            long mid = low + (high - low + 1) / 2;
            if (cost(ask, mid) <= heldMicros) low = mid;
            else high = mid - 1;
        }
        return low;
    }

    /** What the ask costs with {@code output} tokens generated, as the tariff will price it. */
    long cost(Ask ask, long output) {
        long writes = ask.cacheWrite() || ask.cacheWrite1h() ? ask.inputTokens() : 0;
        Usage usage = new Usage(ask.inputTokens(), output, 0, writes, 0);
        Metered metered = new Metered(usage, ask.cacheWrite1h() ? writes : 0, ask.toolCalls(), ask.serviceTier());
        return tariff.charge(ask.model(), ask.list(), metered).micros();
    }
}
