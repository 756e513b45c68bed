package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;

/**
 * What a client is told when the node it reached is shutting down: a request that arrived after the
 * drain began, one that was still waiting for its upstream at the drain deadline, and (as an error
 * event in the stream's wire) a stream still open then. It is a 503, so clients that retry (the
 * official SDKs do) send the request again, to another node behind the balancer.
 */
public final class NodeDraining {
    /** The usage log's code, and the error's. */
    public static final String CODE = "node_draining";
    public static final ApiError ERROR = new ApiError(503, "server_error", CODE,
            "this AnyRouter node is shutting down; send the request again and another node will serve it");

    private NodeDraining() {}

    /** The failure an attempt ends with when the node stopped it before anything reached the client. */
    static ApiException exception() {
        return new ApiException(ERROR);
    }
}
