package dev.anyrouter.protocol;

/** A failure that already knows what the client should see. */
public final class ApiException extends RuntimeException {
    private final ApiError error;

    public ApiException(ApiError error) {
        super(error.code(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
