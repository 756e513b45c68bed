package dev.anyrouter.accounts;

import dev.anyrouter.mail.MailException;
import dev.anyrouter.mail.Mailer;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing up, as the API and the dashboard both do it: the account (with its opening grant) and,
 * when the grant waits for a verified e-mail, the mail with the verification link. The link is
 * built on the operator's public URL, never on the request's Host header, which a client chooses.
 * All calls block.
 */
public final class Onboarding {
    private static final Logger LOG = LoggerFactory.getLogger(Onboarding.class);
    /** The dashboard page a verification link opens. */
    public static final String VERIFY_PATH = "/verify-email";

    private final AccountStore accounts;
    private final EmailVerifications verifications;
    private final Mailer mailer;
    private final String publicUrl;

    public Onboarding(AccountStore accounts, EmailVerifications verifications, Mailer mailer, String publicUrl) {
        this.accounts = Objects.requireNonNull(accounts);
        this.verifications = Objects.requireNonNull(verifications);
        this.mailer = Objects.requireNonNull(mailer);
        this.publicUrl = Objects.requireNonNull(publicUrl);
    }

    /**
     * Creates the account (see {@link AccountStore#signup}) and mails the verification link when
     * its grant waits for one. A mail that fails to go out is logged and leaves the account as it
     * is: the user can ask for the link again ({@link #resend}).
     */
    public SignupResult signup(String email, char[] password, String clientAddress) {
        SignupResult result = accounts.signup(email, password, clientAddress);
        if (result.verificationToken() != null) mail(result.account().email(), result.verificationToken());
        return result;
    }

    /** Spends a verification token; see {@link EmailVerifications#verify}. */
    public Optional<EmailVerifications.Verified> verify(String token) {
        return verifications.verify(token);
    }

    /**
     * Mails a new verification link to the account's address, unless it is verified already or a
     * link went out within the last minute.
     *
     * @return whether a mail was sent
     */
    public boolean resend(String accountId) {
        Optional<Account> account = accounts.find(accountId);
        if (account.isEmpty()) return false;
        Optional<String> token = verifications.reissue(accountId);
        token.ifPresent(t -> mail(account.get().email(), t));
        return token.isPresent();
    }

    private void mail(String to, String token) {
        String link = publicUrl + VERIFY_PATH + "?token=" + token;
        try {
            mailer.send(to, "Verify your e-mail for AnyRouter", "Open this link to verify your e-mail address and receive your"
                    + " free sign-up credit:\n\n" + link + "\n\nThe link works once, for " + EmailVerifications.TTL_HOURS
                    + " hours. If you did not sign up for AnyRouter, ignore this mail.\n");
        } catch (MailException e) {
            LOG.warn("the verification mail was not sent: {}", e.getMessage());
        }
    }
}
