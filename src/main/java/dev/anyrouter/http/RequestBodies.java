package dev.anyrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

import static dev.anyrouter.protocol.RequestFields.bad;

/**
 * Reads the JSON body of a management request as an object of known fields; every mistake is a
 * 400 that names the field (the fields themselves are read with {@link dev.anyrouter.protocol.RequestFields}).
 */
final class RequestBodies {
    private RequestBodies() {}

    static ObjectNode object(RoutingContext ctx, Set<String> allowed) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) throw bad("the request body is empty: send a JSON object");
        JsonNode node = Json.parse(body.getBytes());
        if (!(node instanceof ObjectNode object)) throw bad("the request body must be a JSON object");
        object.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) throw bad("unknown field '" + name + "'; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
        });
        return object;
    }
}
