package dev.anyrouter.accounts;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Signing in, signing up and changing a password, with online guessing bounded: every failure
 * counts against the client's address and against the account's e-mail ({@link GuessingLimit}),
 * and an address or account over its limit is refused with {@link TooManyAttemptsException}
 * before any password is hashed. The JSON API and the dashboard both go through here, so they
 * share one count. All calls block (password hashing): run them on virtual threads.
 */
public final class SignIn {
    private final AccountStore accounts;
    private final Onboarding onboarding;
    private final SessionStore sessions;
    private final GuessingLimit limit;

    /** Signing in to {@code accounts} (signing up through {@code onboarding}), opening {@code sessions}, bounded by {@code limit}. */
    public SignIn(AccountStore accounts, Onboarding onboarding, SessionStore sessions, GuessingLimit limit) {
        this.accounts = Objects.requireNonNull(accounts);
        this.onboarding = Objects.requireNonNull(onboarding);
        this.sessions = Objects.requireNonNull(sessions);
        this.limit = Objects.requireNonNull(limit);
    }

    /** A password changed: how many other sessions it ended, and the caller's own session under a new token (or null). */
    public record PasswordChange(int sessionsEnded, SessionStore.NewSession rotated) {}

    /**
     * A new session when the e-mail and password match; empty (counted as a failure) when not. A
     * session the browser still presented ({@code previousToken}, may be null) is ended: a login
     * always gets a fresh token, so a token planted before it is worth nothing after.
     *
     * @throws TooManyAttemptsException when the address or the account is over its limit
     */
    public Optional<SessionStore.NewSession> login(String email, char[] password, String address, String previousToken,
                                                  String userAgent) {
        String[] keys = keys(address, email);
        refuseIfLimited(keys);
        Optional<Account> account = accounts.login(email, password);
        if (account.isEmpty()) {
            limit.fail(keys);
            return Optional.empty();
        }
        limit.clear(keys[1]);
        if (previousToken != null) sessions.delete(previousToken);
        return Optional.of(sessions.create(account.get().id(), userAgent));
    }

    /**
     * A new account (see {@link Onboarding#signup}: its opening grant counts the same address); a refused sign-up (the e-mail taken, a
     * password the policy refuses) counts as a failure, so sign-up cannot be used to test which
     * e-mails have accounts without limit.
     *
     * @throws TooManyAttemptsException when the address or the e-mail is over its limit
     */
    public SignupResult signup(String email, char[] password, String address) {
        String[] keys = keys(address, email);
        refuseIfLimited(keys);
        try {
            return onboarding.signup(email, password, address);
        } catch (DuplicateEmailException | IllegalArgumentException refused) {
            limit.fail(keys);
            throw refused;
        }
    }

    /**
     * Replaces the password when {@code current} is right and ends every session of the account but
     * the caller's own ({@code currentToken}, null when the caller is not a session), which gets a
     * new token. Empty, counted as a failure, when {@code current} is wrong.
     *
     * @throws TooManyAttemptsException when the address or the account is over its limit
     * @throws WeakPasswordException when the policy refuses {@code next}
     */
    public Optional<PasswordChange> changePassword(String accountId, char[] current, char[] next, String address,
                                                   String currentToken) {
        Account account = accounts.find(accountId).orElseThrow(() -> new IllegalArgumentException("no such account"));
        String[] keys = keys(address, account.email());
        refuseIfLimited(keys);
        String keep = currentToken == null ? null : sessions.find(currentToken)
                .filter(s -> s.accountId().equals(accountId)).map(Session::id).orElse(null);
        Optional<Integer> ended = accounts.changePassword(accountId, current, next, c -> sessions.deleteAllBut(c, accountId, keep));
        if (ended.isEmpty()) {
            limit.fail(keys);
            return Optional.empty();
        }
        SessionStore.NewSession rotated = keep == null ? null : sessions.rotate(currentToken).orElse(null);
        return Optional.of(new PasswordChange(ended.get(), rotated));
    }

    private void refuseIfLimited(String[] keys) {
        limit.retryAfter(keys).ifPresent(wait -> {
            throw new TooManyAttemptsException(wait);
        });
    }

    private static String[] keys(String address, String email) {
        return new String[] {"address:" + addressKey(address), "account:" + AccountStore.normaliseEmail(email)};
    }

    /**
     * The address as counted: an IPv4 address as it is, an IPv6 address by its /64, the block one
     * subscriber is usually given (counting single IPv6 addresses would give each attacker billions).
     */
    public static String addressKey(String address) {
        if (address == null || address.isBlank()) return "unknown";
        try {
            InetAddress parsed = InetAddress.ofLiteral(address.strip());
            byte[] bytes = parsed.getAddress();
            if (bytes.length == 16) {
                java.util.Arrays.fill(bytes, 8, 16, (byte) 0);
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            }
            return parsed.getHostAddress();
        } catch (IllegalArgumentException | java.net.UnknownHostException notAnAddress) {
            return address.strip();
        }
    }
}
