package dev.anyrouter.accounts;

import dev.anyrouter.billing.OpeningGrant;
import java.util.Objects;

/**
 * A new account, its first API key (whose plaintext is shown to the user once) and how its opening
 * grant was decided.
 *
 * @param verificationToken the e-mail verification token to mail, when the grant waits for one; null otherwise
 */
public record SignupResult(Account account, NewApiKey apiKey, OpeningGrant grant, String verificationToken) {
    public SignupResult {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(grant, "grant");
    }

    @Override
    public String toString() {
        return "SignupResult[account=" + account + ", apiKey=" + apiKey + ", grant=" + grant + ", verificationToken="
                + (verificationToken == null ? "none" : "<redacted>") + "]";
    }
}
