package dev.anyrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** Reads and checks the JSON bodies of the management API; every mistake is a 400 that names the field. */
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

    static String requiredText(ObjectNode body, String field, int maxLength) {
        String value = optionalText(body, field, maxLength);
        if (value == null || value.isBlank()) throw bad("'" + field + "' is required");
        return value;
    }

    static String optionalText(ObjectNode body, String field, int maxLength) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw bad("'" + field + "' must be a string");
        if (v.asText().length() > maxLength) throw bad("'" + field + "' is longer than " + maxLength + " characters");
        return v.asText();
    }

    static Integer optionalInt(ObjectNode body, String field, int min, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw bad("'" + field + "' must be a whole number");
        int value = v.asInt();
        if (value < min || value > max) throw bad("'" + field + "' must be between " + min + " and " + max);
        return value;
    }

    static ApiException bad(String message) {
        return new ApiException(ApiError.badRequest("invalid_request", message));
    }
}
