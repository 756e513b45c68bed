package dev.anyrouter.billing;

import dev.anyrouter.store.Columns;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The opening grant of a new account, limited so that free accounts are no free upstream: at most
 * {@code grantsPerAddress} grants per client address key and {@code grantsPerWindow} from
 * all addresses within one window, and, when the operator asks for it, only once the account's
 * e-mail is verified. Over a limit the account opens at $0 and is told why. The limits are taken
 * by conditional UPDATEs inside the sign-up's transaction, so concurrent sign-ups cannot pass them
 * together on SQLite or PostgreSQL.
 */
public final class SignupGrants {
    /**
     * The grant and its limits (the operator's settings).
     *
     * @param signupGrantMicros the grant (0: none)
     * @param grantsPerAddress grants per client key per window (0: no limit)
     * @param grantsPerWindow grants from all addresses per window (0: no limit)
     * @param grantWindow the window, starting with its first grant
     * @param grantNeedsVerifiedEmail whether the grant waits for a verified e-mail
     */
    public record Limits(long signupGrantMicros, int grantsPerAddress, int grantsPerWindow, Duration grantWindow,
                         boolean grantNeedsVerifiedEmail) {
        public Limits {
            Objects.requireNonNull(grantWindow, "grantWindow");
            if (signupGrantMicros < 0 || grantsPerAddress < 0 || grantsPerWindow < 0 || !grantWindow.isPositive()) {
                throw new IllegalArgumentException("grant limits must not be negative and the window must be positive");
            }
        }
    }

    private final Database db;
    private final Ledger ledger;
    private final Limits settings;
    private final Clock clock;

    public SignupGrants(Database db, Ledger ledger, Limits limits, Clock clock) {
        this.db = Objects.requireNonNull(db);
        this.ledger = Objects.requireNonNull(ledger);
        this.settings = Objects.requireNonNull(limits);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Whether a new account waits for a verified e-mail before its grant. */
    public boolean needsVerifiedEmail() {
        return settings.grantNeedsVerifiedEmail() && settings.signupGrantMicros() > 0;
    }

    /**
     * Decides the opening grant of a just-created account, inside the sign-up's transaction.
     *
     * @param addressKey the key of the address the sign-up came from (an IPv6 address's /64)
     */
    public OpeningGrant openInTx(Connection c, String accountId, String addressKey) {
        if (settings.signupGrantMicros() == 0) return new OpeningGrant.None();
        String key = ClientKey.of(addressKey);
        if (needsVerifiedEmail()) {
            record(c, accountId, key, "awaiting_email", null);
            return new OpeningGrant.AwaitingEmail(settings.signupGrantMicros());
        }
        return decide(c, accountId, key, true);
    }

    /**
     * Gives the grant an account was waiting for once its e-mail is verified, inside the
     * verification's transaction, against the limits of the address it signed up from.
     *
     * @return empty when the account was not waiting (already decided, or signed up without a wait)
     */
    public Optional<OpeningGrant> afterEmailVerifiedInTx(Connection c, String accountId) {
        try (var ps = c.prepareStatement("SELECT client_key FROM signup_grants WHERE account_id = ? AND state = 'awaiting_email'")) {
            ps.setString(1, accountId);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(decide(c, accountId, rs.getString(1), false));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the opening grant: " + e.getMessage(), e);
        }
    }

    /** How the account's opening grant stands; empty for an account made before grants were recorded. */
    public Optional<OpeningGrant> of(String accountId) {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT state, reason, amount_micros FROM signup_grants WHERE account_id = ?")) {
                ps.setString(1, accountId);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.<OpeningGrant>empty();
                    return Optional.of(switch (rs.getString(1)) {
                        case "granted" -> new OpeningGrant.Granted(rs.getLong(3));
                        case "awaiting_email" -> new OpeningGrant.AwaitingEmail(rs.getLong(3));
                        default -> new OpeningGrant.Withheld(rs.getString(2));
                    });
                }
            }
        });
    }

    private OpeningGrant decide(Connection c, String accountId, String key, boolean insert) {
        long now = clock.millis();
        try {
            pruneEnded(c, now);
            Optional<String> refused = take(c, key, settings.grantsPerAddress(), now)
                    ? Optional.empty() : Optional.of(addressReason());
            if (refused.isEmpty() && !take(c, ClientKey.ALL, settings.grantsPerWindow(), now)) {
                giveBack(c, key, settings.grantsPerAddress());
                refused = Optional.of(windowReason());
            }
            if (refused.isPresent()) {
                write(c, accountId, key, "withheld", refused.get(), insert, now);
                return new OpeningGrant.Withheld(refused.get());
            }
            write(c, accountId, key, "granted", null, insert, now);
            ledger.appendInTx(c, accountId, settings.signupGrantMicros(), Ledger.GRANT, "signup:" + accountId, "signup credit");
            return new OpeningGrant.Granted(settings.signupGrantMicros());
        } catch (SQLException e) {
            throw new StoreException("cannot decide the opening grant: " + e.getMessage(), e);
        }
    }

    /**
     * Takes one grant from the key's window: a new window when the last one ended, else one more
     * if fewer than {@code limit} were taken. One UPDATE decides; PostgreSQL re-checks its WHERE
     * under the row lock, SQLite runs one writer at a time.
     */
    private boolean take(Connection c, String key, int limit, long now) throws SQLException {
        if (limit == 0) return true;
        long ended = now - settings.grantWindow().toMillis();
        try (var ps = c.prepareStatement("INSERT INTO signup_grant_windows (client_key, window_start, granted) VALUES (?, ?, 0)"
                + " ON CONFLICT DO NOTHING")) {
            ps.setString(1, key);
            ps.setLong(2, now);
            ps.executeUpdate();
        }
        try (var ps = c.prepareStatement("UPDATE signup_grant_windows"
                + " SET granted = CASE WHEN window_start <= ? THEN 1 ELSE granted + 1 END,"
                + " window_start = CASE WHEN window_start <= ? THEN ? ELSE window_start END"
                + " WHERE client_key = ? AND (window_start <= ? OR granted < ?)")) {
            ps.setLong(1, ended);
            ps.setLong(2, ended);
            ps.setLong(3, now);
            ps.setString(4, key);
            ps.setLong(5, ended);
            ps.setInt(6, limit);
            return ps.executeUpdate() == 1;
        }
    }

    private static void giveBack(Connection c, String key, int limit) throws SQLException {
        if (limit == 0) return;
        try (var ps = c.prepareStatement("UPDATE signup_grant_windows SET granted = granted - 1 WHERE client_key = ? AND granted > 0")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    /** Windows that ended long ago count nothing; their rows would only pile up. */
    private void pruneEnded(Connection c, long now) throws SQLException {
        try (var ps = c.prepareStatement("DELETE FROM signup_grant_windows WHERE window_start < ?")) {
            ps.setLong(1, now - 2 * settings.grantWindow().toMillis());
            ps.executeUpdate();
        }
    }

    private void record(Connection c, String accountId, String key, String state, String reason) {
        try {
            write(c, accountId, key, state, reason, true, clock.millis());
        } catch (SQLException e) {
            throw new StoreException("cannot record the opening grant: " + e.getMessage(), e);
        }
    }

    private void write(Connection c, String accountId, String key, String state, String reason, boolean insert, long now)
            throws SQLException {
        long amount = state.equals("withheld") ? 0 : settings.signupGrantMicros();
        Long decided = state.equals("awaiting_email") ? null : now;
        if (insert) {
            try (var ps = c.prepareStatement("INSERT INTO signup_grants"
                    + " (account_id, client_key, state, reason, amount_micros, created_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, accountId);
                ps.setString(2, key);
                ps.setString(3, state);
                ps.setString(4, reason);
                ps.setLong(5, amount);
                ps.setLong(6, now);
                Columns.setLong(ps, 7, decided);
                ps.executeUpdate();
            }
            return;
        }
        try (var ps = c.prepareStatement("UPDATE signup_grants SET state = ?, reason = ?, amount_micros = ?, decided_at = ?"
                + " WHERE account_id = ?")) {
            ps.setString(1, state);
            ps.setString(2, reason);
            ps.setLong(3, amount);
            Columns.setLong(ps, 4, decided);
            ps.setString(5, accountId);
            ps.executeUpdate();
        }
    }

    private String addressReason() {
        return "Your account opens at $0.00: " + settings.grantsPerAddress() + " account" + (settings.grantsPerAddress() == 1 ? "" : "s")
                + " signed up from your network address in the last " + window() + " already received the free "
                + Usd.text(settings.signupGrantMicros()) + " of credit. Add your own provider keys at /byok, or ask the operator"
                + " for credits.";
    }

    private String windowReason() {
        return "Your account opens at $0.00: this gateway has given all " + settings.grantsPerWindow() + " free sign-up credits of the"
                + " last " + window() + ". Add your own provider keys at /byok, or ask the operator for credits.";
    }

    private String window() {
        Duration w = settings.grantWindow();
        if (w.toHours() >= 24 && w.toHours() % 24 == 0) return w.toDays() == 1 ? "24 hours" : w.toDays() + " days";
        if (w.toMinutes() >= 60 && w.toMinutes() % 60 == 0) return w.toHours() == 1 ? "hour" : w.toHours() + " hours";
        return w.toSeconds() + " seconds";
    }
}
