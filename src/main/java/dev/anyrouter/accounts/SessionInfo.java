package dev.anyrouter.accounts;

import java.time.Instant;

/** What the account page shows of a session: never its token or CSRF token. */
public record SessionInfo(String id, Instant createdAt, Instant lastSeenAt, Instant expiresAt, String userAgent) {}
