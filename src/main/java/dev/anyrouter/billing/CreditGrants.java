package dev.anyrouter.billing;

import dev.anyrouter.store.Database;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The operator's manual top-up, shared by {@code anyrouter credits grant} and the admin API:
 * finds the account by e-mail or id and appends a grant that names the operator's request.
 */
public final class CreditGrants {
    /** The largest grant one call may make, against typos: $1,000,000. */
    public static final BigDecimal MAX_USD = BigDecimal.valueOf(1_000_000);

    /** What a grant did. */
    public record Granted(String accountId, long amountMicros, boolean written, long balanceMicros) {}

    private final Database db;
    private final Ledger ledger;

    public CreditGrants(Database db, Ledger ledger) {
        this.db = Objects.requireNonNull(db);
        this.ledger = Objects.requireNonNull(ledger);
    }

    /** Dollars to micro-dollars; refuses zero, negatives, more than six decimals or more than {@link #MAX_USD}. */
    public static long micros(BigDecimal usd) {
        if (usd.signum() <= 0) throw new IllegalArgumentException("the amount must be positive");
        if (usd.compareTo(MAX_USD) > 0) throw new IllegalArgumentException("the amount must be at most $" + MAX_USD.toPlainString());
        if (usd.stripTrailingZeros().scale() > 6) throw new IllegalArgumentException("the amount has more than six decimals");
        return usd.movePointRight(6).longValueExact();
    }

    /** The id of the account with this e-mail (trimmed, lower-cased as signup stores it). */
    public Optional<String> accountIdByEmail(String email) {
        String normalised = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT id FROM accounts WHERE email = ?")) {
                ps.setString(1, normalised);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /**
     * Grants credit to the account. {@code requestId} (null: a new one) makes a repeated call a
     * no-op, so an operator can retry a grant without paying twice.
     */
    public Granted grant(String accountId, long amountMicros, String memo, String requestId) {
        String request = requestId == null || requestId.isBlank() ? "grant:" + UUID.randomUUID() : requestId;
        boolean written = ledger.grant(accountId, amountMicros, request, memo == null || memo.isBlank() ? "operator grant" : memo);
        return new Granted(accountId, amountMicros, written, ledger.balanceMicros(accountId));
    }
}
