package dev.anyrouter.cli;

import dev.anyrouter.billing.CreditGrants;
import dev.anyrouter.billing.Ledger;
import dev.anyrouter.config.InvalidSettingsException;
import dev.anyrouter.config.Settings;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.StoreException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code anyrouter credits grant --email E --usd N}: the operator's manual top-up, straight into the ledger. */
@Command(name = "credits", mixinStandardHelpOptions = true, description = "Manage account credits.",
        subcommands = CreditsCommand.Grant.class)
final class CreditsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "grant", mixinStandardHelpOptions = true,
            description = "Give an account credits (works while the gateway runs; same database settings as serve).")
    static final class Grant extends StoreOptions implements Callable<Integer> {
        @Option(names = "--email", required = true, description = "The account's e-mail.")
        String email;

        @Option(names = "--usd", required = true, paramLabel = "N", description = "Dollars to grant, e.g. 5 or 2.50.")
        BigDecimal usd;

        @Option(names = "--memo", description = "Shown in the account's ledger (default: operator grant).")
        String memo;

        @Option(names = "--request-id", description = "Names the grant; repeating a grant with the same id does nothing.")
        String requestId;

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
                Settings settings = settings();
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
}
