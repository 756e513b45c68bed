package dev.anyrouter.http;

/** A failure that already knows what the client should see. */
final class ApiException extends RuntimeException {
    private final ApiError error;

    ApiException(ApiError error) {
        super(error.code(), null, false, false);
        this.error = error;
    }

    ApiError error() {
        return error;
    }
}
