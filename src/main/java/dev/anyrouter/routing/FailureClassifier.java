package dev.anyrouter.routing;

import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamErrors;
import dev.anyrouter.providers.UpstreamRefusedException;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Sorts an upstream's error answer into what routing does about it: quarantine the key, cool it
 * down, try the next key, or (empty) hand the answer back to the client because the request
 * itself is at fault. Reads the body only for the provider's error code and invalid-key marker.
 */
public final class FailureClassifier {
    /** Codes by which providers say the account behind a key has run out of money or quota. */
    private static final Set<String> OUT_OF_CREDIT_CODES = Set.of("insufficient_quota", "billing_hard_limit_reached",
            "insufficient_balance", "payment_required");
    /** Anthropic answers an empty balance with a 400 whose message says so. */
    private static final String LOW_BALANCE_TEXT = "credit balance is too low";

    private FailureClassifier() {}

    /**
     * @param header the answer's headers by lower-case name (null when absent)
     * @return the failure, or empty when the answer is the request's own fault and goes back as it is
     */
    public static Optional<KeyFailure> classify(Provider provider, int status, Function<String, String> header,
                                                     byte[] body, Instant now) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        String code = UpstreamErrors.code(body);
        String lowerCode = code == null ? "" : code.toLowerCase(Locale.ROOT);
        if (status == 401 || status == 403 || provider.invalidKey().stream().anyMatch(s -> s.matches(status, text))) {
            return Optional.of(new KeyFailure.InvalidKey(status, code));
        }
        if (status == 402 || OUT_OF_CREDIT_CODES.contains(lowerCode) || text.contains("insufficient_quota")
                || text.toLowerCase(Locale.ROOT).contains(LOW_BALANCE_TEXT)) {
            return Optional.of(new KeyFailure.OutOfCredit(status, code));
        }
        if (status == 429) {
            return Optional.of(new KeyFailure.RateLimited(status, RetryAfter.from(header, now).orElse(null)));
        }
        if (status == 408 || status >= 500) {
            return Optional.of(new KeyFailure.Transient(status, Integer.toString(status)));
        }
        return Optional.empty();
    }

    /**
     * A failure to get any answer: connection refused or reset, a timeout, a refused address. Null
     * for anything else, which is a bug of ours and must not be taken for the key's fault.
     */
    public static KeyFailure.Transient fromException(Throwable failure) {
        if (failure instanceof ConnectException || failure instanceof ConnectTimeoutException) {
            return new KeyFailure.Transient(0, "connect error");
        }
        if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
            return new KeyFailure.Transient(0, "timeout");
        }
        if (failure instanceof UpstreamRefusedException) {
            return new KeyFailure.Transient(0, "address refused");
        }
        if (failure instanceof io.vertx.core.VertxException || failure instanceof IOException) {
            return new KeyFailure.Transient(0, "connection failed");
        }
        return null;
    }
}
