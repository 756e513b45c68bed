package dev.anyrouter.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.billing.CreditsEstimate;
import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.billing.Reservation;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.routing.ModelRef;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a chat request is paid for: the cost of its usage at list price, the credit held before a
 * credits call and settled or released after it (off the event loop).
 */
final class ChatBilling {
    private static final Logger LOG = LoggerFactory.getLogger(ChatBilling.class);
    private static final int WRITE_TRIES = 3;

    private final Ledger ledger;
    private final PriceBook prices;
    private final Blocking blocking;

    ChatBilling(Ledger ledger, PriceBook prices, Blocking blocking) {
        this.ledger = ledger;
        this.prices = prices;
        this.blocking = blocking;
    }

    Optional<ModelPrice> price(ModelRef model) {
        return prices.price(model.canonicalId());
    }

    /** The usage's cost at list price; 0 for a model with no price. */
    long costMicros(Attempt attempt, Usage usage) {
        return price(attempt.model())
                .map(p -> p.costMicros(usage.inputTokens(), usage.outputTokens(), usage.cachedTokens()))
                .orElse(0L);
    }

    /** Holds credit for the request; fails with a 402 naming the balance and the price when it does not cover it. */
    Future<Void> hold(ChatExchange exchange, ModelRef model, ModelPrice price, long requestBytes, Long maxOutputTokens) {
        long amount = CreditsEstimate.holdMicros(price, requestBytes, maxOutputTokens);
        String accountId = exchange.caller.accountId();
        return blocking.run(() -> ledger.reserve(accountId, exchange.id, amount)).compose(reservation -> switch (reservation) {
            case Reservation.Held held -> {
                exchange.holding = true;
                yield Future.<Void>succeededFuture();
            }
            case Reservation.Insufficient no -> Future.failedFuture(new ApiException(new ApiError(402, "insufficient_quota",
                    "insufficient_credits", "your credit balance is $" + usd(no.availableMicros()) + " but this request may cost up to $"
                    + usd(no.neededMicros()) + " (" + model.canonicalId() + " at $" + price.inputPerMillion().toPlainString()
                    + "/M input and $" + price.outputPerMillion().toPlainString() + "/M output tokens): top up your credits,"
                    + " lower max_tokens, or add your own " + model.provider().name() + " key at /byok")));
        });
    }

    /** Settles a held request by its cost (once; a repeat is a no-op in the ledger). */
    void settle(ChatExchange exchange, long costMicros) {
        if (!exchange.holding) return;
        exchange.holding = false;
        String accountId = exchange.caller.accountId();
        String memo = exchange.attempt == null ? "" : exchange.attempt.model().canonicalId();
        write(exchange.id, "settle", () -> ledger.settle(accountId, exchange.id, costMicros, memo));
    }

    /** Releases a held request that was not served. */
    void release(ChatExchange exchange) {
        if (!exchange.holding) return;
        exchange.holding = false;
        String accountId = exchange.caller.accountId();
        write(exchange.id, "release", () -> ledger.release(accountId, exchange.id));
    }

    static String usd(long micros) {
        return dollars(micros).setScale(Math.max(2, dollars(micros).scale()), java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    private static BigDecimal dollars(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    }

    private void write(String requestId, String what, Runnable work) {
        blocking.run(() -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    work.run();
                    return null;
                } catch (RuntimeException e) {
                    if (attempt >= WRITE_TRIES) {
                        LOG.error("request {}: ledger {} failed {} times ({}); the hold stays until start-up releases it",
                                requestId, what, attempt, e.getClass().getSimpleName());
                        return null;
                    }
                }
            }
        });
    }
}
