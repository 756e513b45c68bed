package dev.anyrouter.inference;

import dev.anyrouter.protocol.ApiError;

/** No key of the pool could serve: the error to send, and the Retry-After to send with it (null for none). */
final class PoolUnavailableException extends RuntimeException {
    private final ApiError error;
    private final Long retryAfterSeconds;

    PoolUnavailableException(ApiError error, Long retryAfterSeconds) {
        super(error.code(), null, false, false);
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    ApiError error() {
        return error;
    }

    Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
