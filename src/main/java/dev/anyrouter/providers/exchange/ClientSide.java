package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.ClientRequest;
import java.util.Objects;
import java.util.function.Function;

/**
 * The client's side of every attempt of one request: the endpoint it called, its request, its
 * headers (an upstream of its own wire may take some as they are: {@code anthropic-beta}), and,
 * when some attempt of the plan must be translated, the request in the neutral model, decoded once
 * up front so a request that cannot be carried is refused before any upstream call.
 *
 * @param header the client's request header by lower-case name (null when absent)
 * @param translation the decoded request, or null when every attempt passes through
 */
public record ClientSide(ClientEndpoint endpoint, ClientRequest request, Function<String, String> header,
                         Translation translation) {
    public ClientSide {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(header, "header");
    }
}
