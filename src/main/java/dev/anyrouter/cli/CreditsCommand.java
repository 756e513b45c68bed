package dev.anyrouter.cli;

import dev.anyrouter.billing.CreditGrants;
import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.LedgerAudit;
import dev.anyrouter.config.InvalidSettingsException;
import dev.anyrouter.config.Settings;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.StoreException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code anyrouter credits grant --email E --usd N}: the operator's manual top-up, straight into the
 * ledger; {@code anyrouter credits audit}: the ledger's invariants checked against the database.
 */
@Command(name = "credits", mixinStandardHelpOptions = true, description = "Manage account credits.",
        subcommands = {CreditsCommand.Grant.class, CreditsCommand.Audit.class})
final class CreditsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "grant", mixinStandardHelpOptions = true,
            description = "Give an account credits (works while the gateway runs; same database settings as serve).")
    static final class Grant implements Callable<Integer> {
        @Option(names = "--email", required = true, description = "The account's e-mail.")
        String email;

        @Option(names = "--usd", required = true, paramLabel = "N", description = "Dollars to grant, e.g. 5 or 2.50.")
        BigDecimal usd;

        @Option(names = "--memo", description = "Shown in the account's ledger (default: operator grant).")
        String memo;

        @Option(names = "--request-id", description = "Names the grant; repeating a grant with the same id does nothing.")
        String requestId;

        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            long micros;
            try {
                micros = CreditGrants.micros(usd);
            } catch (IllegalArgumentException e) {
                System.err.println("anyrouter: " + e.getMessage());
                return 2;
            }
            try {
                Settings settings = database.settings();
                try (Database db = Database.open(settings.databaseUrl())) {
                    CreditGrants grants = new CreditGrants(db, new Ledger(db, Clock.systemUTC()));
                    var account = grants.accountIdByEmail(email);
                    if (account.isEmpty()) {
                        System.err.println("anyrouter: no account with e-mail " + email.strip());
                        return 1;
                    }
                    CreditGrants.Granted granted = grants.grant(account.get(), micros, memo, requestId);
                    System.out.println((granted.written() ? "granted $" + usd.toPlainString() : "already granted (same request id)")
                            + " to " + email.strip() + "; balance now $" + BigDecimal.valueOf(granted.balanceMicros(), 6).toPlainString());
                    return 0;
                }
            } catch (InvalidSettingsException | StoreException e) {
                System.err.println("anyrouter: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = {"Check every invariant of the credits ledger (same database settings as serve): balances equal the sum of"
                    + " their entries, no hold older than the longest request (max-request-s), every credits request billed once"
                    + " and every debit logged.", "Exits 1 naming the first row that breaks an invariant, 0 when all hold."})
    static final class Audit implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Option(names = "--grace-s", paramLabel = "N", defaultValue = "5",
                description = "Leave out of the billed/logged checks rows younger than this (the usage log is written in batches; default 5).")
        long graceSeconds;

        @Override
        public Integer call() {
            if (graceSeconds < 0) {
                System.err.println("anyrouter: --grace-s must not be negative");
                return 2;
            }
            try {
                Settings settings = database.settings();
                try (Database db = Database.open(settings.databaseUrl())) {
                    LedgerAudit.Report report = new LedgerAudit(db, Clock.systemUTC(), settings.credits().maxRequest(),
                            Duration.ofSeconds(graceSeconds)).run();
                    String read = report.accounts() + " accounts, " + report.entries() + " entries, " + report.openHolds()
                            + " open holds, " + report.creditsRecords() + " credits usage records";
                    if (report.passed()) {
                        System.out.println("credits audit passed: " + read);
                        return 0;
                    }
                    for (LedgerAudit.Breach breach : report.breaches()) System.out.println(breach.line());
                    System.out.println("credits audit FAILED (" + report.breaches().size() + " invariant"
                            + (report.breaches().size() == 1 ? "" : "s") + " broken; first row of each above): " + read);
                    return 1;
                }
            } catch (InvalidSettingsException | StoreException e) {
                System.err.println("anyrouter: " + e.getMessage());
                return 2;
            }
        }
    }
}
