package dev.anyrouter.accounts;

import dev.anyrouter.billing.OpeningGrant;
import dev.anyrouter.billing.SignupGrants;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.StoreException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * E-mail verification tokens: 256 random bits sent in a link, stored only as their SHA-256, good
 * for {@value #TTL_HOURS} hours and once. Verifying one marks the account's e-mail verified and
 * gives the opening grant it was waiting for, in one transaction.
 */
public final class EmailVerifications {
    /** How long a verification link works. */
    public static final int TTL_HOURS = 48;
    /** A new mail no sooner than this after the last, so the resend button cannot be used to flood an inbox. */
    static final Duration RESEND_GAP = Duration.ofMinutes(1);
    private static final int TOKEN_BYTES = 32;
    private static final int MAX_TOKEN_LENGTH = 128;

    /** A verified e-mail, and the grant it released (empty when none was waiting). */
    public record Verified(String accountId, Optional<OpeningGrant> grant) {}

    private final Database db;
    private final SignupGrants grants;
    private final SecureRandom random;
    private final Clock clock;

    public EmailVerifications(Database db, SignupGrants grants, SecureRandom random, Clock clock) {
        this.db = Objects.requireNonNull(db);
        this.grants = Objects.requireNonNull(grants);
        this.random = Objects.requireNonNull(random);
        this.clock = Objects.requireNonNull(clock);
    }

    /** A new token for the account, inside the caller's transaction; the plaintext goes into the mail only. */
    public String issueInTx(Connection c, String accountId) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = clock.millis();
        try (var ps = c.prepareStatement("INSERT INTO email_verifications (token_hash, account_id, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?)")) {
            ps.setString(1, Sha256.hex(token));
            ps.setString(2, accountId);
            ps.setLong(3, now);
            ps.setLong(4, now + Duration.ofHours(TTL_HOURS).toMillis());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store the verification token: " + e.getMessage(), e);
        }
        return token;
    }

    /**
     * A fresh token for an account whose e-mail is not yet verified, unless one was issued within
     * the last minute; empty when verified already or asked again too soon.
     */
    public Optional<String> reissue(String accountId) {
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("SELECT email_verified_at FROM accounts WHERE id = ?")) {
                ps.setString(1, accountId);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.<String>empty();
                    rs.getLong(1);
                    if (!rs.wasNull()) return Optional.<String>empty();
                }
            }
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM email_verifications WHERE account_id = ? AND created_at > ?")) {
                ps.setString(1, accountId);
                ps.setLong(2, clock.millis() - RESEND_GAP.toMillis());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) return Optional.<String>empty();
                }
            }
            return Optional.of(issueInTx(c, accountId));
        });
    }

    /** Whether the account's e-mail is verified. */
    public boolean isVerified(String accountId) {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT email_verified_at FROM accounts WHERE id = ?")) {
                ps.setString(1, accountId);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) return false;
                    rs.getLong(1);
                    return !rs.wasNull();
                }
            }
        });
    }

    /**
     * Spends a token: marks its account's e-mail verified and gives the grant it waited for.
     *
     * @return empty for a token that is unknown, used or expired
     */
    public Optional<Verified> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) return Optional.empty();
        String hash = Sha256.hex(token);
        return db.inTransaction(c -> {
            long now = clock.millis();
            try (var ps = c.prepareStatement("UPDATE email_verifications SET used_at = ?"
                    + " WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?")) {
                ps.setLong(1, now);
                ps.setString(2, hash);
                ps.setLong(3, now);
                if (ps.executeUpdate() == 0) return Optional.<Verified>empty();
            }
            String accountId;
            try (var ps = c.prepareStatement("SELECT account_id FROM email_verifications WHERE token_hash = ?")) {
                ps.setString(1, hash);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    accountId = rs.getString(1);
                }
            }
            try (var ps = c.prepareStatement("UPDATE accounts SET email_verified_at = ? WHERE id = ? AND email_verified_at IS NULL")) {
                ps.setLong(1, now);
                ps.setString(2, accountId);
                ps.executeUpdate();
            }
            return Optional.of(new Verified(accountId, grants.afterEmailVerifiedInTx(c, accountId)));
        });
    }
}
