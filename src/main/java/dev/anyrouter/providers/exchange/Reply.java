package dev.anyrouter.providers.exchange;

import io.vertx.core.http.HttpServerResponse;
import java.util.Objects;

/**
 * Where one attempt's answer goes and what it carries besides the upstream's bytes.
 *
 * @param out the client's response
 * @param requestId the gateway's id for the request ({@code x-anyrouter-request-id})
 * @param billing who pays for this attempt ({@code x-anyrouter-billing}: {@code byok} or {@code credits})
 * @param costs the cost note written into a usage object the client sees
 */
public record Reply(HttpServerResponse out, String requestId, String billing, CostNote costs) {
    public Reply {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(billing, "billing");
        Objects.requireNonNull(costs, "costs");
    }
}
