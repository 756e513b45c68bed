package dev.anyrouter.protocol;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An error as the client will see it: HTTP status, a stable machine code, the error type of
 * the OpenAI wire, and a message that says what to do. Never carries a credential.
 *
 * @param param the request field the error is about (OpenAI's {@code param}), or null
 */
public record ApiError(int status, String type, String code, String message, String param) {
    private static final Logger LOG = LoggerFactory.getLogger(ApiError.class);

    /** An error about no one field of the request. */
    public ApiError(int status, String type, String code, String message) {
        this(status, type, code, message, null);
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(400, "invalid_request_error", code, message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "authentication_error", "invalid_api_key", message);
    }

    public static ApiError forbidden(String code, String message) {
        return new ApiError(403, "permission_error", code, message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found_error", "not_found", message);
    }

    public static ApiError conflict(String code, String message) {
        return new ApiError(409, "invalid_request_error", code, message);
    }

    public static ApiError tooLarge(long limit) {
        return new ApiError(413, "invalid_request_error", "request_too_large",
                "the request body is larger than this server's limit of " + limit + " bytes");
    }

    public static ApiError unprocessable(String code, String message) {
        return new ApiError(422, "invalid_request_error", code, message);
    }

    public static ApiError badGateway(String code, String message) {
        return new ApiError(502, "upstream_error", code, message);
    }

    /** The OpenAI wire's error type for an upstream's status passed on to the client. */
    public static String typeFor(int status) {
        return switch (status) {
            case 400, 404, 409, 413, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "upstream_error" : "invalid_request_error";
        };
    }

    public static ApiError internal() {
        return new ApiError(500, "server_error", "internal_error", "the gateway failed to handle the request; it has been logged");
    }

    /**
     * What the client is told of a failure that carries no more specific answer: an
     * {@link ApiException}'s own error, a 400 for a body or field the gateway cannot read or
     * carry, else a generic 500. The unknown failure is logged by class name and top frame only,
     * since an exception's message may quote a credential.
     */
    public static ApiError of(Throwable failure) {
        if (failure instanceof ApiException e) return e.error();
        if (failure instanceof MalformedJsonException e) return badRequest("invalid_request", e.getMessage());
        if (failure instanceof UnsupportedFieldException e) return badRequest("unsupported_parameter", e.getMessage());
        StackTraceElement[] trace = failure.getStackTrace();
        LOG.error("unhandled failure: {} at {}", failure.getClass().getName(), trace.length == 0 ? "?" : trace[0].toString());
        return internal();
    }
}
