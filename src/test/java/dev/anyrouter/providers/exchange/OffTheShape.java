package dev.anyrouter.providers.exchange;

import dev.anyrouter.billing.Ledger;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamClient;
import dev.anyrouter.routing.FailureClassifier;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.usage.UsageRecord;
import dev.anyrouter.usage.UsageWriter;
import java.time.Instant;

/**
 * Code that breaks the request path's shape, compiled and never run: {@code RequestPathShapeTest}
 * checks that each of its rules reports this class. It sits in {@code providers.exchange} to reach
 * the package-private {@link WireExchange}.
 */
public final class OffTheShape {
    private OffTheShape() {}

    static void settlesBesideSettle(Ledger ledger) {
        ledger.settle("account", "request", 1, "model");
        ledger.release("account", "request");
    }

    static void logsUsageItself(UsageWriter usage) {
        usage.record(new UsageRecord("request", Instant.EPOCH, "account", null, "model", null, null, null, 200, null, false,
                0, 0, 0, 0, null, null, null));
    }

    static void judgesAnAttemptItself(KeyHealth health, ProviderKeyRecord key, Throwable failure) {
        health.onFailure(key, "model", FailureClassifier.fromException(failure));
        health.onSuccess(key, "model");
    }

    static void callsAnUpstreamItself(UpstreamClient client, UpstreamCall call) {
        client.send(call);
    }

    static boolean decidesTranslationItself(WireExchange wire, Provider provider) {
        return wire.passesThrough(ClientEndpoint.CHAT_COMPLETIONS, provider, "m");
    }
}
