package dev.anyrouter.accounts;

import dev.anyrouter.billing.OpeningGrant;
import dev.anyrouter.billing.SignupGrants;
import dev.anyrouter.store.Columns;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.SqlWork;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Accounts: signup (account + opening credit as {@link SignupGrants} decides + first API key, all
 * or nothing), password login and lookup. E-mails are normalised (trimmed, lower-cased) before they
 * are stored or compared.
 */
public final class AccountStore {
    static final int MAX_EMAIL_LENGTH = 254;
    static final int MAX_PASSWORD_LENGTH = PasswordPolicy.MAX_LENGTH;

    private final Database db;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final ApiKeyStore keys;
    private final SignupGrants grants;
    private final EmailVerifications verifications;
    private final Clock clock;
    // Verified against when the e-mail is unknown, so a login costs the same either way.
    private final String decoyHash;

    /** Accounts over {@code db} with the standard {@link PasswordPolicy}. */
    public AccountStore(Database db, PasswordHasher hasher, ApiKeyStore keys, SignupGrants grants, EmailVerifications verifications,
                        Clock clock) {
        this(db, hasher, PasswordPolicy.standard(), keys, grants, verifications, clock);
    }

    /** Accounts over {@code db}; the key store, the grant and the verification token are written in signup's one transaction. */
    public AccountStore(Database db, PasswordHasher hasher, PasswordPolicy policy, ApiKeyStore keys, SignupGrants grants,
                        EmailVerifications verifications, Clock clock) {
        this.db = Objects.requireNonNull(db);
        this.hasher = Objects.requireNonNull(hasher);
        this.policy = Objects.requireNonNull(policy);
        this.keys = Objects.requireNonNull(keys);
        this.grants = Objects.requireNonNull(grants);
        this.verifications = Objects.requireNonNull(verifications);
        this.clock = Objects.requireNonNull(clock);
        this.decoyHash = hasher.hash("decoy-password-for-unknown-accounts".toCharArray());
    }

    /**
     * Creates an account, decides its opening grant and makes a first API key named {@code default}
     * (a management key, so the account can be set up from the command line),
     * in one transaction; when the grant waits for a verified e-mail, a verification token too.
     *
     * @param clientAddress the address the sign-up came from, which the grant's limits count
     *
     * @throws DuplicateEmailException when the (normalised) e-mail already has an account; nothing is written
     * @throws WeakPasswordException when the {@link PasswordPolicy} refuses the password
     * @throws IllegalArgumentException when the e-mail is not an address
     */
    public SignupResult signup(String email, char[] password, String clientAddress) {
        String normalised = normaliseEmail(email);
        if (!looksLikeEmail(normalised)) {
            throw new IllegalArgumentException("enter an email address like name@example.com");
        }
        requireAcceptable(password);
        // Hash before the transaction: it is slow, and the write lock should not wait on it.
        String passwordHash = hasher.hash(password);
        var account = new Account(UUID.randomUUID().toString(), normalised, Instant.ofEpochMilli(clock.millis()));
        return db.inTransaction(c -> {
            // ON CONFLICT DO NOTHING instead of catching the unique violation: on PostgreSQL a
            // failed statement would poison the transaction, and the two engines report it differently.
            try (var ps = c.prepareStatement("INSERT INTO accounts (id, email, password_hash, created_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, account.id());
                ps.setString(2, account.email());
                ps.setString(3, passwordHash);
                Columns.setInstant(ps, 4, account.createdAt());
                if (ps.executeUpdate() == 0) {
                    throw new DuplicateEmailException();
                }
            }
            OpeningGrant grant = grants.openInTx(c, account.id(), SignIn.addressKey(clientAddress));
            String token = grant instanceof OpeningGrant.AwaitingEmail ? verifications.issueInTx(c, account.id()) : null;
            NewApiKey key = keys.createInTx(c, account.id(), "default", ApiKeyKind.MANAGEMENT);
            return new SignupResult(account, key, grant, token);
        });
    }

    /**
     * The account when the e-mail and password match. Unknown e-mails cost one password
     * verification too, so response time does not reveal which addresses have accounts.
     */
    public Optional<Account> login(String email, char[] password) {
        String normalised = normaliseEmail(email);
        Optional<Row> row = db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT id, email, password_hash, created_at FROM accounts WHERE email = ?")) {
                ps.setString(1, normalised);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readRow(rs)) : Optional.<Row>empty();
                }
            }
        });
        char[] presented = password == null ? new char[0] : password;
        boolean matches = hasher.verify(presented, row.map(Row::passwordHash).orElse(decoyHash));
        return matches ? row.map(Row::account) : Optional.empty();
    }

    /**
     * Replaces the account's password when {@code current} is right, and returns what
     * {@code alsoInTx} returned, run in the same transaction (the caller ends other sessions there,
     * so no session outlives the change); empty, with nothing changed, when {@code current} is wrong.
     *
     * @throws WeakPasswordException when the policy refuses the new password
     */
    public <T> Optional<T> changePassword(String accountId, char[] current, char[] next, SqlWork<T> alsoInTx) {
        Objects.requireNonNull(accountId, "accountId");
        requireAcceptable(next);
        Optional<Row> row = db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT id, email, password_hash, created_at FROM accounts WHERE id = ?")) {
                ps.setString(1, accountId);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readRow(rs)) : Optional.<Row>empty();
                }
            }
        });
        if (row.isEmpty() || !hasher.verify(current == null ? new char[0] : current, row.get().passwordHash())) {
            return Optional.empty();
        }
        String newHash = hasher.hash(next);
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE accounts SET password_hash = ? WHERE id = ? AND password_hash = ?")) {
                ps.setString(1, newHash);
                ps.setString(2, accountId);
                ps.setString(3, row.get().passwordHash());
                if (ps.executeUpdate() != 1) return Optional.<T>empty(); // changed meanwhile: `current` is stale
            }
            return Optional.of(alsoInTx.run(c));
        });
    }

    /** Why the policy refuses {@code password}, as advice; empty when it is acceptable. */
    public Optional<String> passwordProblem(char[] password) {
        return policy.problem(password == null ? new char[0] : password);
    }

    private void requireAcceptable(char[] password) {
        Optional<String> problem = passwordProblem(password);
        if (problem.isPresent()) throw new WeakPasswordException(problem.get());
    }

    /** The account with this id, if any. */
    public Optional<Account> find(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT id, email, password_hash, created_at FROM accounts WHERE id = ?")) {
                ps.setString(1, accountId);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readRow(rs).account()) : Optional.<Account>empty();
                }
            }
        });
    }

    static String normaliseEmail(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    static boolean looksLikeEmail(String s) {
        int at = s.indexOf('@');
        return s.length() <= MAX_EMAIL_LENGTH
                && at > 0
                && at == s.lastIndexOf('@')
                && at < s.length() - 1
                && s.chars().noneMatch(ch -> Character.isWhitespace(ch) || Character.isISOControl(ch));
    }

    private record Row(Account account, String passwordHash) {
        @Override
        public String toString() {
            return "Row[" + account + "]";
        }
    }

    private static Row readRow(ResultSet rs) throws SQLException {
        return new Row(new Account(rs.getString("id"), rs.getString("email"), Columns.instant(rs, "created_at")),
                rs.getString("password_hash"));
    }
}
