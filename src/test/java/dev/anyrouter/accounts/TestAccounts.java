package dev.anyrouter.accounts;

import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.SignupGrants;
import dev.anyrouter.mail.Mailer;
import dev.anyrouter.store.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/** Accounts as the gateway wires them, for store tests: $2.00 opening grants with no per-address limit, no mail. */
record TestAccounts(AccountStore accounts, Onboarding onboarding, Ledger ledger, ApiKeyStore keys) {
    static TestAccounts on(Database db, Clock clock) {
        SecureRandom random = new SecureRandom();
        Ledger ledger = new Ledger(db, clock);
        ApiKeyStore keys = new ApiKeyStore(db, random, clock);
        SignupGrants grants = new SignupGrants(db, ledger, new SignupGrants.Limits(2_000_000, 0, 0, Duration.ofDays(1), false), clock);
        EmailVerifications verifications = new EmailVerifications(db, grants, random, clock);
        AccountStore accounts = new AccountStore(db, new PasswordHasher(random), keys, grants, verifications, clock);
        return new TestAccounts(accounts, new Onboarding(accounts, verifications, Mailer.none(), "http://127.0.0.1"), ledger, keys);
    }
}
