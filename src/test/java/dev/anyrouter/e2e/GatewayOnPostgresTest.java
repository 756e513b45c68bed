package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole slice on PostgreSQL: the same schema and queries as on SQLite. */
class GatewayOnPostgresTest {
    @TempDir
    Path dataDir;

    @Test
    void signsUpSavesAKeyRoutesAndLogsOnPostgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Stack stack = new Stack(dataDir, Map.of("database-url", pg.getJdbcUrl("postgres", "postgres")))) {
            String apiKey = stack.signup("pg@example.com");
            assertThat(stack.addKey(apiKey, "sk-mock-postgres-0042", "pg").status()).isEqualTo(201);
            String chat = "{\"model\":\"openai/gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            assertThat(stack.call("POST", "/api/v1/chat/completions", apiKey, chat).status()).isEqualTo(200);
            JsonNode logs = null;
            for (int i = 0; i < 50; i++) {
                logs = stack.call("GET", "/api/v1/logs", apiKey, null).json().get("data");
                if (!logs.isEmpty()) break;
                Thread.sleep(100);
            }
            assertThat(logs).hasSize(1);
            assertThat(logs.get(0).get("key_alias").asText()).isEqualTo("pg");
            assertThat(stack.call("GET", "/api/v1/byok", apiKey, null).json().at("/data/0/masked").asText()).endsWith("0042");
        }
    }
}
