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
        String url = "jdbc:sqlite:" + data.resolve("anyrouter.db");
        try (Database db = Database.open(url)) {
            db.inTransaction(c -> {
                try (var ps = c.prepareStatement("INSERT INTO accounts (id, email, password_hash, created_at) VALUES ('a1', 'ada@example.com', 'x', 0)")) {
                    return ps.executeUpdate();
                }
            });
        }
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
}
