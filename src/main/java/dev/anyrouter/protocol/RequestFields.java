package dev.anyrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and checks the fields of a management request's JSON body; every mistake is a 400 that
 * names the field ({@link #bad}).
 */
public final class RequestFields {
    private RequestFields() {}

    public static String requiredText(ObjectNode body, String field, int maxLength) {
        String value = optionalText(body, field, maxLength);
        if (value == null || value.isBlank()) throw bad("'" + field + "' is required");
        return value;
    }

    public static String optionalText(ObjectNode body, String field, int maxLength) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw bad("'" + field + "' must be a string");
        if (v.asText().length() > maxLength) throw bad("'" + field + "' is longer than " + maxLength + " characters");
        return v.asText();
    }

    public static Integer optionalInt(ObjectNode body, String field, int min, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw bad("'" + field + "' must be a whole number");
        int value = v.asInt();
        if (value < min || value > max) throw bad("'" + field + "' must be between " + min + " and " + max);
        return value;
    }

    /** A 400 {@code invalid_request} saying {@code message}. */
    public static ApiException bad(String message) {
        return new ApiException(ApiError.badRequest("invalid_request", message));
    }
}
