package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.StreamFraming;
import dev.anyrouter.providers.UpstreamCall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * How one attempt's request goes up and its answer comes back: {@link PassedThrough} as the
 * client wrote it, or {@link Translated} across wires. Everything else about an attempt (sending,
 * the deadline, holding a stream until content, the relay) is the same for both.
 */
sealed interface Answering permits PassedThrough, Translated {
    /** Why a 2xx answer that is not JSON (an HTML page, a body cut short) is not relayed. */
    String NOT_JSON = "a 2xx answer that is not JSON";

    UpstreamCall call();

    /**
     * Relays a whole 2xx answer to the client and says what the client was sent; or, for an answer
     * that is not well-formed JSON, sends nothing and says it was not served (another key may serve).
     */
    Outcome json(HttpClientResponse response, Buffer body, Reply reply, long sentNanos);

    /** A watch for the stream of this attempt. */
    StreamWatch watch();

    /** How the upstream's stream body splits into events. */
    StreamFraming framing();

    /** The headers a relayed stream's answer carries besides its status and content type. */
    void headers(HttpClientResponse from, Reply reply);
}
