package dev.anyrouter.accounts;

import dev.anyrouter.store.Columns;
import dev.anyrouter.store.Database;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Dashboard sessions. The session token (256 random bits, base64url) lives only in the user's
 * cookie; the table holds its SHA-256, so a database leak does not hand out live sessions.
 *
 * <p>A session ends when it has not been used for the idle timeout, or when its absolute lifetime
 * since login is over, whichever comes first; {@link #deleteExpired} removes both kinds of rows.
 * Its use is recorded at most once a minute (or once a quarter of the idle timeout, when that is
 * shorter, so a session in use never looks idle), so a busy dashboard does not write on every page.
 */
public final class SessionStore {
    private static final int TOKEN_BYTES = 32;
    private static final int MAX_TOKEN_LENGTH = 128;
    private static final int MAX_USER_AGENT = 200;
    private static final Duration TOUCH_AT_MOST_EVERY = Duration.ofMinutes(1);
    private static final String COLUMNS = "id, account_id, csrf_token, created_at, last_seen_at, expires_at, user_agent";

    private final Database db;
    private final SecureRandom random;
    private final Clock clock;
    private final Duration idle;
    private final Duration lifetime;
    private final Duration touchEvery;

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

    /** Sessions that end after {@code idle} unused, or {@code lifetime} after login. */
    public SessionStore(Database db, SecureRandom random, Clock clock, Duration idle, Duration lifetime) {
        this.db = Objects.requireNonNull(db);
        this.random = Objects.requireNonNull(random);
        this.clock = Objects.requireNonNull(clock);
        this.idle = positive(idle, "session idle timeout");
        this.lifetime = positive(lifetime, "session lifetime");
        Duration quarter = this.idle.dividedBy(4);
        this.touchEvery = quarter.compareTo(TOUCH_AT_MOST_EVERY) < 0 ? quarter : TOUCH_AT_MOST_EVERY;
    }

    /** Starts a session for {@code accountId}; {@code userAgent} (may be null) is kept, shortened, to name it. */
    public NewSession create(String accountId, String userAgent) {
        Objects.requireNonNull(accountId, "accountId");
        String token = randomToken();
        Instant now = now();
        var session = new Session(UUID.randomUUID().toString(), accountId, randomToken(), now.plus(lifetime));
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("INSERT INTO sessions (id, token_hash, account_id, csrf_token, created_at, last_seen_at,"
                    + " expires_at, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, session.id());
                ps.setString(2, Sha256.hex(token));
                ps.setString(3, accountId);
                ps.setString(4, session.csrfToken());
                Columns.setInstant(ps, 5, now);
                Columns.setInstant(ps, 6, now);
                Columns.setInstant(ps, 7, session.expiresAt());
                ps.setString(8, cleanUserAgent(userAgent));
                return ps.executeUpdate();
            }
        });
        return new NewSession(token, session);
    }

    /** The live session for a cookie token, its use recorded; empty when unknown, malformed, idle too long or past its lifetime. */
    public Optional<Session> find(String token) {
        if (!plausible(token)) return Optional.empty();
        String hash = Sha256.hex(token);
        Instant now = now();
        Optional<Row> row = db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sessions WHERE token_hash = ?")) {
                ps.setString(1, hash);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<Row>empty();
                }
            }
        });
        if (row.isEmpty() || !live(row.get(), now)) return Optional.empty();
        if (!row.get().lastSeenAt().plus(touchEvery).isAfter(now)) touch(row.get().session().id(), now);
        return row.map(Row::session);
    }

    /**
     * Gives the session behind {@code token} a new token and a new CSRF token, keeping its id and
     * lifetime (after a password change, so a copy of the old cookie is worth nothing); empty when
     * that session is not live.
     */
    public Optional<NewSession> rotate(String token) {
        Optional<Session> current = find(token);
        if (current.isEmpty()) return Optional.empty();
        String fresh = randomToken();
        Session rotated = new Session(current.get().id(), current.get().accountId(), randomToken(), current.get().expiresAt());
        int changed = db.inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE sessions SET token_hash = ?, csrf_token = ? WHERE id = ? AND token_hash = ?")) {
                ps.setString(1, Sha256.hex(fresh));
                ps.setString(2, rotated.csrfToken());
                ps.setString(3, rotated.id());
                ps.setString(4, Sha256.hex(token));
                return ps.executeUpdate();
            }
        });
        return changed == 1 ? Optional.of(new NewSession(fresh, rotated)) : Optional.empty();
    }

    /** The account's live sessions, most recently used first. */
    public List<SessionInfo> list(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        Instant now = now();
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sessions WHERE account_id = ? ORDER BY last_seen_at DESC, id")) {
                ps.setString(1, accountId);
                try (var rs = ps.executeQuery()) {
                    List<SessionInfo> out = new ArrayList<>();
                    while (rs.next()) {
                        Row r = read(rs);
                        if (live(r, now)) {
                            out.add(new SessionInfo(r.session().id(), r.createdAt(), r.lastSeenAt(), r.session().expiresAt(), r.userAgent()));
                        }
                    }
                    return out;
                }
            }
        });
    }

    /** Ends the session (sign-out). Unknown tokens are ignored. */
    public void delete(String token) {
        if (!plausible(token)) return;
        String hash = Sha256.hex(token);
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("DELETE FROM sessions WHERE token_hash = ?")) {
                ps.setString(1, hash);
                return ps.executeUpdate();
            }
        });
    }

    /** Ends one of the account's sessions by its id; false when the account has no such session. */
    public boolean end(String accountId, String sessionId) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(sessionId, "sessionId");
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("DELETE FROM sessions WHERE id = ? AND account_id = ?")) {
                ps.setString(1, sessionId);
                ps.setString(2, accountId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Ends every session of an account ("sign out everywhere"); returns how many. */
    public int deleteAllFor(String accountId) {
        return deleteAllBut(accountId, null);
    }

    /** Ends every session of an account except {@code keepSessionId} (null keeps none); returns how many. */
    public int deleteAllBut(String accountId, String keepSessionId) {
        Objects.requireNonNull(accountId, "accountId");
        return db.inTransaction(c -> deleteAllBut(c, accountId, keepSessionId));
    }

    /** The same, inside the caller's transaction (a password change ends sessions in the transaction that changes it). */
    public int deleteAllBut(Connection c, String accountId, String keepSessionId) throws SQLException {
        try (var ps = c.prepareStatement(keepSessionId == null
                ? "DELETE FROM sessions WHERE account_id = ?"
                : "DELETE FROM sessions WHERE account_id = ? AND id <> ?")) {
            ps.setString(1, accountId);
            if (keepSessionId != null) ps.setString(2, keepSessionId);
            return ps.executeUpdate();
        }
    }

    /** Removes the rows of sessions past their lifetime or idle too long (housekeeping); returns how many. */
    public int deleteExpired() {
        Instant now = now();
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?")) {
                Columns.setInstant(ps, 1, now);
                Columns.setInstant(ps, 2, now.minus(idle));
                return ps.executeUpdate();
            }
        });
    }

    private void touch(String id, Instant now) {
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?")) {
                Columns.setInstant(ps, 1, now);
                ps.setString(2, id);
                Columns.setInstant(ps, 3, now);
                return ps.executeUpdate();
            }
        });
    }

    private boolean live(Row row, Instant now) {
        return row.session().expiresAt().isAfter(now) && row.lastSeenAt().plus(idle).isAfter(now);
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    private record Row(Session session, Instant createdAt, Instant lastSeenAt, String userAgent) {}

    private static Row read(ResultSet rs) throws SQLException {
        return new Row(new Session(rs.getString("id"), rs.getString("account_id"), rs.getString("csrf_token"),
                Columns.instant(rs, "expires_at")), Columns.instant(rs, "created_at"), Columns.instant(rs, "last_seen_at"),
                rs.getString("user_agent"));
    }

    private static boolean plausible(String token) {
        return token != null && !token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH;
    }

    private static String cleanUserAgent(String userAgent) {
        if (userAgent == null) return "";
        String clean = userAgent.codePoints().filter(cp -> !Character.isISOControl(cp))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        return clean.length() <= MAX_USER_AGENT ? clean : clean.substring(0, MAX_USER_AGENT);
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive");
        return d;
    }

    private String randomToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
