package dev.anyrouter.accounts;

import dev.anyrouter.store.Columns;
import dev.anyrouter.store.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Dashboard sessions. The session token (256 random bits, base64url) lives only in the user's
 * cookie; the table holds its SHA-256, so a database leak does not hand out live sessions.
 */
public final class SessionStore {
    private static final int TOKEN_BYTES = 32;
    private static final int MAX_TOKEN_LENGTH = 128;

    private final Database db;
    private final SecureRandom random;
    private final Clock clock;
    private final Duration ttl;

    /** A just-created session and the token to put in the cookie; {@link #toString()} omits the token. */
    public record NewSession(String token, Session session) {
        public NewSession {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(session, "session");
        }

        @Override
        public String toString() {
            return "NewSession[token=<redacted>, session=" + session + "]";
        }
    }

    /** Sessions that expire {@code ttl} after creation. */
    public SessionStore(Database db, SecureRandom random, Clock clock, Duration ttl) {
        this.db = Objects.requireNonNull(db);
        this.random = Objects.requireNonNull(random);
        this.clock = Objects.requireNonNull(clock);
        this.ttl = Objects.requireNonNull(ttl);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("session lifetime must be positive");
        }
    }

    /** Starts a session for {@code accountId}. */
    public NewSession create(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        String token = randomToken();
        Instant now = Instant.ofEpochMilli(clock.millis());
        var session = new Session(accountId, randomToken(), now.plus(ttl));
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement(
                    "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, Sha256.hex(token));
                ps.setString(2, accountId);
                ps.setString(3, session.csrfToken());
                Columns.setInstant(ps, 4, now);
                Columns.setInstant(ps, 5, session.expiresAt());
                return ps.executeUpdate();
            }
        });
        return new NewSession(token, session);
    }

    /** The live session for a cookie token; empty when unknown, malformed or expired. */
    public Optional<Session> find(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        String hash = Sha256.hex(token);
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement(
                    "SELECT account_id, csrf_token, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?")) {
                ps.setString(1, hash);
                ps.setLong(2, clock.millis());
                try (var rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Session(rs.getString("account_id"), rs.getString("csrf_token"),
                                    Columns.instant(rs, "expires_at")))
                            : Optional.empty();
                }
            }
        });
    }

    /** Ends the session (sign-out). Unknown tokens are ignored. */
    public void delete(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return;
        }
        String hash = Sha256.hex(token);
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("DELETE FROM sessions WHERE token_hash = ?")) {
                ps.setString(1, hash);
                return ps.executeUpdate();
            }
        });
    }

    /** Ends every session of an account (password change, "sign out everywhere"); returns how many. */
    public int deleteAllFor(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("DELETE FROM sessions WHERE account_id = ?")) {
                ps.setString(1, accountId);
                return ps.executeUpdate();
            }
        });
    }

    /** Removes expired sessions (housekeeping); returns how many. */
    public int deleteExpired() {
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("DELETE FROM sessions WHERE expires_at <= ?")) {
                ps.setLong(1, clock.millis());
                return ps.executeUpdate();
            }
        });
    }

    private String randomToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
