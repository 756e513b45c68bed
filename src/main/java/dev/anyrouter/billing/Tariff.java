package dev.anyrouter.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The price of a served request on credits: its tokens at the model's list price (or the price of
 * the service tier that served it), cache writes at their surcharge, the long-context rate once a
 * prompt passes its threshold, and each hosted tool call at its fee ({@link Surcharges}). A pure
 * function; the settle step calls it once per request. A request with nothing beyond plain tokens
 * costs exactly what {@link ModelPrice#costMicros} says, through the same long arithmetic.
 */
public final class Tariff {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final String WEB_SEARCH = "web_search";

    /** One priced part of a request, in dollars (exact, before the total is rounded up to a micro-dollar). */
    public record Line(String item, long quantity, BigDecimal usd) {}

    /**
     * What a request costs.
     *
     * @param micros the total, rounded up to the next micro-dollar
     * @param lines what it is made of, for {@code usage.cost_details}; empty for plain tokens at list price
     */
    public record Charge(long micros, List<Line> lines) {
        public Charge {
            lines = List.copyOf(lines);
        }
    }

    private final Surcharges surcharges;

    public Tariff(Surcharges surcharges) {
        this.surcharges = Objects.requireNonNull(surcharges);
    }

    /** The charge for {@code metered} on {@code model} ({@code openai/gpt-5.4}), whose list price is {@code list}. */
    public Charge charge(String model, ModelPrice list, Metered metered) {
        Surcharges.ProviderRules rules = surcharges.provider(provider(model));
        var usage = metered.usage();
        ModelPrice price = metered.serviceTier() == null ? list : tierPrice(rules, model, metered.serviceTier(), list).orElse(list);
        Optional<Surcharges.LongContext> longContext = rules.longContext(model).filter(l -> usage.inputTokens() > l.aboveTokens());
        boolean writesCost = usage.cacheWriteTokens() > 0
                && (rules.cacheWrite5m().compareTo(BigDecimal.ONE) != 0 || rules.cacheWrite1h().compareTo(BigDecimal.ONE) != 0);
        if (price == list && longContext.isEmpty() && !writesCost && metered.toolCalls().isEmpty()) {
            return new Charge(list.costMicros(usage.inputTokens(), usage.outputTokens(), usage.cachedTokens()), List.of());
        }
        BigDecimal inFactor = longContext.map(Surcharges.LongContext::inputFactor).orElse(BigDecimal.ONE);
        BigDecimal outFactor = longContext.map(Surcharges.LongContext::outputFactor).orElse(BigDecimal.ONE);
        long input = Math.max(0, usage.inputTokens());
        long cached = Math.clamp(usage.cachedTokens(), 0, input);
        long writes = Math.clamp(usage.cacheWriteTokens(), 0, input - cached);
        long writes1h = Math.min(metered.cacheWrite1hTokens(), writes);
        long writes5m = writes - writes1h;
        long uncached = input - cached - writes;
        List<Line> lines = new ArrayList<>();
        add(lines, "input", uncached, price.inputPerMillion().multiply(inFactor));
        add(lines, "cached_input", cached, price.cachedInputPerMillion().multiply(inFactor));
        add(lines, "cache_write", writes5m, price.inputPerMillion().multiply(rules.cacheWrite5m()).multiply(inFactor));
        add(lines, "cache_write_1h", writes1h, price.inputPerMillion().multiply(rules.cacheWrite1h()).multiply(inFactor));
        add(lines, "output", Math.max(0, usage.outputTokens()), price.outputPerMillion().multiply(outFactor));
        for (Map.Entry<String, Long> call : metered.toolCalls().entrySet()) {
            long n = Math.max(0, call.getValue());
            if (n == 0) continue;
            BigDecimal fee = switch (rules.tool(call.getKey()).orElse(new Surcharges.ToolPrice.TokensOnly())) {
                case Surcharges.ToolPrice.PerCall perCall -> perCall.usd().multiply(BigDecimal.valueOf(n))
                        .add(price.inputPerMillion().multiply(BigDecimal.valueOf(perCall.fixedInputTokens().getOrDefault(model, 0L) * n))
                                .divide(MILLION));
                case Surcharges.ToolPrice.TokensOnly tokens -> BigDecimal.ZERO;
                case Surcharges.ToolPrice.Refused refused -> BigDecimal.ZERO; // refused before the call: never run on credits
            };
            lines.add(new Line(call.getKey(), n, fee));
        }
        BigDecimal usd = lines.stream().map(Line::usd).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Charge(usd.multiply(MILLION).setScale(0, RoundingMode.CEILING).longValueExact(), lines);
    }

    /**
     * The tool type a web search the upstream reports is billed as: of the request's tool types
     * that are a web search tool ({@code web_search}, {@code web_search_preview}, dated ones such as
     * {@code web_search_20250305}), the one the table charges most per call, since an answer does
     * not say which of them ran; {@code web_search} when the request names none.
     */
    public String webSearchTool(String model, List<String> toolTypes) {
        Surcharges.ProviderRules rules = surcharges.provider(provider(model));
        String dearest = null;
        BigDecimal most = null;
        for (String type : toolTypes) {
            if (type == null || !type.startsWith(WEB_SEARCH)) continue;
            BigDecimal fee = rules.tool(type).orElse(null) instanceof Surcharges.ToolPrice.PerCall perCall ? perCall.usd() : BigDecimal.ZERO;
            if (most == null || fee.compareTo(most) > 0) {
                dearest = type;
                most = fee;
            }
        }
        return dearest == null ? WEB_SEARCH : dearest;
    }

    /** Whether the table prices the named service tier for the model. */
    static boolean tierPriced(Surcharges.ProviderRules rules, String model, String tier) {
        return tierPrice(rules, model, tier, ModelPrice.usd("1", "1")).isPresent();
    }

    private static Optional<ModelPrice> tierPrice(Surcharges.ProviderRules rules, String model, String tier, ModelPrice list) {
        Surcharges.Tier found = rules.tiers().get(tier);
        if (found == null) return Optional.empty();
        return switch (found) {
            case Surcharges.Tier.Standard standard -> Optional.of(list);
            case Surcharges.Tier.Factor f -> f.models().isEmpty() || f.models().contains(model)
                    ? Optional.of(new ModelPrice(list.inputPerMillion().multiply(f.factor()), list.outputPerMillion().multiply(f.factor()),
                            list.cachedInputPerMillion().multiply(f.factor())))
                    : Optional.empty();
            case Surcharges.Tier.PerModel p -> Optional.ofNullable(p.prices().get(model));
        };
    }

    private static void add(List<Line> lines, String item, long tokens, BigDecimal perMillion) {
        if (tokens > 0) lines.add(new Line(item, tokens, perMillion.multiply(BigDecimal.valueOf(tokens)).divide(MILLION)));
    }

    private static String provider(String model) {
        int slash = model.indexOf('/');
        return slash < 0 ? "" : model.substring(0, slash);
    }
}
