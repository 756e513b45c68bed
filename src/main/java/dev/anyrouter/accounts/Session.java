package dev.anyrouter.accounts;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in dashboard session. {@code csrfToken} must accompany every state-changing form post;
 * {@link #toString()} leaves it out.
 */
public record Session(String accountId, String csrfToken, Instant expiresAt) {
    public Session {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "Session[accountId=" + accountId + ", csrfToken=<redacted>, expiresAt=" + expiresAt + "]";
    }
}
