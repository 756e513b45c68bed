package dev.anyrouter.protocol.anthropic;

import java.util.Set;

/** The error types an Anthropic client knows; other wires' types are mapped onto them. */
public final class AnthropicErrorTypes {
    private static final Set<String> KNOWN = Set.of("invalid_request_error", "authentication_error", "permission_error",
            "not_found_error", "request_too_large", "rate_limit_error", "api_error", "overloaded_error", "billing_error",
            "timeout_error");

    private AnthropicErrorTypes() {}

    /** The Anthropic type for an error type of any wire. */
    public static String of(String type) {
        if (type == null) return "api_error";
        if (KNOWN.contains(type)) return type;
        return switch (type) {
            case "rate_limit_exceeded", "insufficient_quota", "RESOURCE_EXHAUSTED" -> "rate_limit_error";
            case "UNAVAILABLE" -> "overloaded_error";
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION" -> "invalid_request_error";
            case "PERMISSION_DENIED" -> "permission_error";
            case "UNAUTHENTICATED" -> "authentication_error";
            case "NOT_FOUND" -> "not_found_error";
            default -> "api_error";
        };
    }

    /** The Anthropic type for an HTTP status. */
    public static String forStatus(int status) {
        return switch (status) {
            case 400, 409, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
