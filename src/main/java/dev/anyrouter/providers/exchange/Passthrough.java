package dev.anyrouter.providers.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamTarget;

/**
 * A wire the relay passes through as it is, because client and upstream both speak it:
 * the upstream call, where a whole answer states its usage, how a stream is watched, and the
 * client's error shape.
 */
public interface Passthrough {
    /** The call carrying {@code body} (the client's, its model rewritten) for {@code upstreamModel}. */
    UpstreamCall call(UpstreamTarget target, String upstreamModel, byte[] body, boolean stream);

    /** The usage a whole answer's top-level {@code usage} object states, or null (none, or not an object). */
    Usage usage(JsonNode usageObject);

    /**
     * The usage of a whole answer with what the answer says beyond its {@code usage} object (a
     * Responses answer's web searches are its {@code web_search_call} items); {@code usage} itself
     * where the usage object says it all.
     */
    default Usage answered(Usage usage, byte[] answer) {
        return usage;
    }

    /** A watch for one stream of this wire. */
    StreamWatch watch(ClientRequest request);

    /** The shape of the errors the client of this wire is answered with. */
    ClientWire client();

    /** Whether a whole answer's {@code usage} object is annotated with its cost (else it is relayed byte for byte). */
    boolean annotatesCost();
}
