package dev.anyrouter.accounts;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in dashboard session. {@code id} is its public name (listed on the account page, used
 * to end it), never its token; {@code csrfToken} must accompany every state-changing request;
 * {@code expiresAt} is the end of its absolute lifetime. {@link #toString()} leaves the CSRF token out.
 */
public record Session(String id, String accountId, String csrfToken, Instant expiresAt) {
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "Session[id=" + id + ", accountId=" + accountId + ", csrfToken=<redacted>, expiresAt=" + expiresAt + "]";
    }
}
