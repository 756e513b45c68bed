package dev.anyrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.billing.Ledger;
import dev.anyrouter.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreditsCommandTest {
    @TempDir
    Path data;

    @Test
    void grantsCreditsByEmailOnceForTheSameRequestIdAndRefusesUnknownAccounts() {
        String url = seedAccount();
        String[] grant = {"credits", "grant", "--email", " ADA@example.com", "--usd", "2.50", "--request-id", "ticket-7", "--data", data.toString()};
        assertThat(AnyRouterCommand.commandLine().execute(grant)).isZero();
        assertThat(AnyRouterCommand.commandLine().execute(grant)).isZero();
        assertThat(AnyRouterCommand.commandLine().execute("credits", "grant", "--email", "nobody@example.com", "--usd", "1",
                "--data", data.toString())).isEqualTo(1);
        assertThat(AnyRouterCommand.commandLine().execute("credits", "grant", "--email", "ada@example.com", "--usd", "-1",
                "--data", data.toString())).isEqualTo(2);
        try (Database db = Database.open(url)) {
            Ledger ledger = new Ledger(db, Clock.systemUTC());
            assertThat(ledger.balanceMicros("a1")).isEqualTo(2_500_000);
            assertThat(ledger.entries("a1")).singleElement().satisfies(e -> assertThat(e.requestId()).isEqualTo("ticket-7"));
        }
    }

    @Test
    void auditPassesOnAKeptLedgerAndFailsNamingTheRowThatBreaksOne() {
        String url = seedAccount();
        try (Database db = Database.open(url)) {
            new Ledger(db, Clock.systemUTC()).grant("a1", 1_000_000, "g1", "grant");
        }
        Run passed = run("credits", "audit", "--data", data.toString());
        assertThat(passed.code()).isZero();
        assertThat(passed.out()).startsWith("credits audit passed: 1 accounts, 1 entries, 0 open holds");

        try (Database db = Database.open(url)) {
            db.inTransaction(c -> {
                try (var st = c.createStatement()) {
                    return st.executeUpdate("UPDATE credit_balances SET balance_micros = 7 WHERE account_id = 'a1'");
                }
            });
        }
        Run failed = run("credits", "audit", "--database-url", url);
        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.out()).startsWith("balance: account a1: its entries sum to $1.00 but its running balance is $0.000007")
                .contains("credits audit FAILED (1 invariant broken");
        assertThat(run("credits", "audit", "--database-url", "jdbc:mysql://nope").code()).isEqualTo(2);
    }

    /** A database under the data dir with one account, a1 (ada@example.com); returns its URL. */
    private String seedAccount() {
        String url = "jdbc:sqlite:" + data.resolve("anyrouter.db");
        try (Database db = Database.open(url)) {
            db.inTransaction(c -> {
                try (var ps = c.prepareStatement("INSERT INTO accounts (id, email, password_hash, created_at) VALUES ('a1', 'ada@example.com', 'x', 0)")) {
                    return ps.executeUpdate();
                }
            });
        }
        return url;
    }

    record Run(int code, String out) {}

    private static Run run(String... args) {
        var saved = System.out;
        var buffer = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            int code = AnyRouterCommand.commandLine().execute(args);
            return new Run(code, buffer.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }
}
