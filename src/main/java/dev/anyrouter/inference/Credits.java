package dev.anyrouter.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.billing.CreditsBudget;
import dev.anyrouter.billing.CreditsRules;
import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.Reservation;
import dev.anyrouter.billing.Surcharges;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.TokenEstimate;
import dev.anyrouter.providers.exchange.ClientEndpoint;
import dev.anyrouter.routing.ModelRef;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

/**
 * The worst case of a credits call, reserved before it goes out (off the event loop): the
 * prompt's over-estimate plus the most output the request may be given, with the extras it asks
 * for, bounded by what the balance holds. Concurrent requests reserve against the same balance
 * atomically, so the reservation is the real bound; what is reserved is settled or released by
 * {@link Settle}.
 */
final class Credits {
    private final Ledger ledger;
    private final Blocking blocking;
    private final CreditsBudget budget;
    private final Surcharges surcharges;

    Credits(Ledger ledger, Blocking blocking, CreditsBudget budget, Surcharges surcharges) {
        this.ledger = ledger;
        this.blocking = blocking;
        this.budget = budget;
        this.surcharges = surcharges;
    }

    /**
     * What a reservation bought: the credit held and the output limit it pays for.
     *
     * @param outputLimit the most output tokens the upstream may produce on the hold
     */
    record Reserved(Ended.Hold hold, long outputLimit) {}

    /** The worst case of {@code request} on {@code model} at {@code price}. */
    CreditsBudget.Ask ask(ClientEndpoint endpoint, ClientRequest request, ModelRef model, ModelPrice price) {
        JsonNode tree = request.tree();
        Long limit = request.outputLimit();
        long ceiling = limit == null || limit <= 0 ? CreditsBudget.DEFAULT_MAX_OUTPUT : limit;
        JsonNode tier = tree.get("service_tier");
        return new CreditsBudget.Ask(model.canonicalId(), price, TokenEstimate.prompt(wire(endpoint), tree).ceiling(),
                tree.findValue("cache_control") != null, cachesForAnHour(tree), hostedToolCalls(model, tree),
                tier == null || tier.isNull() ? null : tier.asText(), ceiling);
    }

    /** The dearest this ask may cost: what a hold for it reserves at most. */
    long mostMicros(CreditsBudget.Ask ask) {
        return budget.span(ask).mostMicros();
    }

    /**
     * Reserves {@code ask}'s worst case, or as much of it as the balance holds; fails with a 402
     * naming the balance and the price when the balance does not buy a useful answer.
     */
    Future<Reserved> reserve(String accountId, String requestId, ModelRef model, CreditsBudget.Ask ask) {
        CreditsBudget.Span span = budget.span(ask);
        return blocking.run(() -> ledger.reserveUpTo(accountId, requestId, span.leastMicros(), span.mostMicros()))
                .compose(reservation -> switch (reservation) {
                    case Reservation.Held held -> Future.succeededFuture(
                            new Reserved(new Ended.Hold(held.amountMicros()), budget.outputCovered(ask, held.amountMicros())));
                    case Reservation.Insufficient no -> Future.failedFuture(new ApiException(new ApiError(402, "insufficient_quota",
                            "insufficient_credits", "your credit balance is $" + usd(no.availableMicros()) + " but the smallest useful"
                            + " answer from " + model.canonicalId() + " costs $" + usd(span.leastMicros()) + " ($"
                            + ask.list().inputPerMillion().toPlainString() + "/M input and $" + ask.list().outputPerMillion().toPlainString()
                            + "/M output tokens): top up your credits, shorten the prompt, or add your own " + model.provider().name()
                            + " key at /byok")));
                });
    }

    /** The wire whose fields hold the prompt. */
    static TokenEstimate.Wire wire(ClientEndpoint endpoint) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> TokenEstimate.Wire.CHAT;
            case RESPONSES -> TokenEstimate.Wire.RESPONSES;
            case MESSAGES -> TokenEstimate.Wire.MESSAGES;
        };
    }

    /** Whether some {@code cache_control} asks for the one-hour lifetime. */
    private static boolean cachesForAnHour(JsonNode tree) {
        return tree.findValues("cache_control").stream().anyMatch(c -> c.path("ttl").asText("").equals("1h"));
    }

    /**
     * The hosted tools the request offers that the table charges per call, each at the calls it may
     * make: its {@code max_uses} (Anthropic's limit, which credits set when the client did not:
     * {@link CreditsRules#defaults}), else the request's {@code max_tool_calls} (OpenAI's limit on
     * all built-in tool calls), else {@link CreditsRules#DEFAULT_TOOL_CALLS}. An OpenAI request that
     * sets no limit can search more often than its hold counts; the debit then takes what the
     * balance has, never more.
     */
    private Map<String, Long> hostedToolCalls(ModelRef model, JsonNode tree) {
        Surcharges.ProviderRules rules = surcharges.provider(model.provider().id());
        Map<String, Long> calls = new HashMap<>();
        for (JsonNode tool : tree.path("tools")) {
            String type = tool.path("type").asText("");
            if (rules.tool(type).orElse(null) instanceof Surcharges.ToolPrice.PerCall) {
                long uses = tool.path("max_uses").canConvertToLong() ? tool.path("max_uses").asLong()
                        : tree.path("max_tool_calls").canConvertToLong() ? tree.path("max_tool_calls").asLong()
                        : CreditsRules.DEFAULT_TOOL_CALLS;
                calls.merge(type, Math.max(0, uses), Long::sum);
            }
        }
        return calls;
    }

    /** Dollars with at least two decimals and no rounding. */
    static String usd(long micros) {
        BigDecimal dollars = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        return dollars.setScale(Math.max(2, dollars.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }
}
