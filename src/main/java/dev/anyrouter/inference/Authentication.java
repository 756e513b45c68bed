package dev.anyrouter.inference;

import dev.anyrouter.accounts.Caller;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * The pipeline's first step: who is calling, from the request's credentials. {@code http} owns
 * how credentials are read and checked (it checks them before the request's body is read, so the
 * caller is known by the time the pipeline runs); a failed future carries what the client is told.
 */
@FunctionalInterface
public interface Authentication {
    Future<Caller> caller(RoutingContext ctx);
}
