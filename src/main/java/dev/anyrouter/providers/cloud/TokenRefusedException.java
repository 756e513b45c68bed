package dev.anyrouter.providers.cloud;

/**
 * The token endpoint refused the credential itself (a revoked or deleted service-account key, a
 * wrong client secret): no token will come of it until the user replaces it. The message names the
 * endpoint's status and error code only.
 */
public final class TokenRefusedException extends RuntimeException {
    private final int status;

    public TokenRefusedException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
