package dev.anyrouter.http;

/**
 * An error as the client will see it: HTTP status, a stable machine code, the error type of
 * the OpenAI wire, and a message that says what to do. Never carries a credential.
 */
record ApiError(int status, String type, String code, String message) {

    static ApiError badRequest(String code, String message) {
        return new ApiError(400, "invalid_request_error", code, message);
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, "authentication_error", "invalid_api_key", message);
    }

    static ApiError forbidden(String code, String message) {
        return new ApiError(403, "permission_error", code, message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "not_found_error", "not_found", message);
    }

    static ApiError conflict(String code, String message) {
        return new ApiError(409, "invalid_request_error", code, message);
    }

    static ApiError tooLarge(long limit) {
        return new ApiError(413, "invalid_request_error", "request_too_large",
                "the request body is larger than this server's limit of " + limit + " bytes");
    }

    static ApiError unprocessable(String code, String message) {
        return new ApiError(422, "invalid_request_error", code, message);
    }

    static ApiError badGateway(String code, String message) {
        return new ApiError(502, "upstream_error", code, message);
    }

    /** The OpenAI wire's error type for an upstream's status passed on to the client. */
    static String typeFor(int status) {
        return switch (status) {
            case 400, 404, 409, 413, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "upstream_error" : "invalid_request_error";
        };
    }

    static ApiError internal() {
        return new ApiError(500, "server_error", "internal_error", "the gateway failed to handle the request; it has been logged");
    }
}
