package dev.anyrouter.inference;

import dev.anyrouter.accounts.Caller;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/**
 * The pipeline's first step: who is calling, from the request's credentials. {@code http} owns
 * how credentials are read and checked; a failed future carries what the client is told.
 */
@FunctionalInterface
public interface Authentication {
    Future<Caller> caller(HttpServerRequest request);
}
