package dev.anyrouter.inference;

import dev.anyrouter.billing.CreditsEstimate;
import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.Reservation;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.routing.ModelRef;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Credit held before a credits call (off the event loop), so concurrent requests cannot overdraw
 * an account; what was held is settled or released by {@link Settle}.
 */
final class Credits {
    private final Ledger ledger;
    private final Blocking blocking;

    Credits(Ledger ledger, Blocking blocking) {
        this.ledger = ledger;
        this.blocking = blocking;
    }

    /** Holds what the request may cost at most; fails with a 402 naming the balance and the price when it does not cover it. */
    Future<Ended.Hold> hold(String accountId, String requestId, ModelRef model, ModelPrice price, long requestBytes,
                            Long maxOutputTokens) {
        long amount = CreditsEstimate.holdMicros(price, requestBytes, maxOutputTokens);
        return blocking.run(() -> ledger.reserve(accountId, requestId, amount)).compose(reservation -> switch (reservation) {
            case Reservation.Held held -> Future.succeededFuture(new Ended.Hold(held.amountMicros()));
            case Reservation.Insufficient no -> Future.failedFuture(new ApiException(new ApiError(402, "insufficient_quota",
                    "insufficient_credits", "your credit balance is $" + usd(no.availableMicros()) + " but this request may cost up to $"
                    + usd(no.neededMicros()) + " (" + model.canonicalId() + " at $" + price.inputPerMillion().toPlainString()
                    + "/M input and $" + price.outputPerMillion().toPlainString() + "/M output tokens): top up your credits,"
                    + " lower max_tokens, or add your own " + model.provider().name() + " key at /byok")));
        });
    }

    /** Dollars with at least two decimals and no rounding. */
    static String usd(long micros) {
        BigDecimal dollars = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        return dollars.setScale(Math.max(2, dollars.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }
}
