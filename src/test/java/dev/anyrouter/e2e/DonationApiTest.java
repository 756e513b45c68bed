package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.app.Gateway;
import dev.anyrouter.config.InvalidSettingsException;
import dev.anyrouter.config.SettingsLoader;
import dev.anyrouter.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The donation pool's API on a real gateway: no donation without the account's consent, none
 * "on" for a provider whose terms are not known to permit it (whatever the caller sends), "ready"
 * joining the pool without another click once the operator marks the provider eligible, and the
 * consent kept, written once, after the key is gone.
 */
class DonationApiTest {
    private static final String CANARY = "sk-mock-donor-canary-5151";

    @TempDir
    Path dataDir;

    private static String donation(String state) {
        return "{\"donation\":\"" + state + "\"}";
    }

    @Test
    void consentFirstThenReadyButNeverOnForAnIneligibleProvider() throws Exception {
        String keyId;
        String apiKey;
        String version;
        try (Stack stack = new Stack(dataDir)) {
            apiKey = stack.signup("donor@example.com");
            Stack.Reply added = stack.addKey(apiKey, CANARY, "donor key");
            assertThat(added.status()).isEqualTo(201);
            keyId = added.json().get("id").asText();

            JsonNode pool = stack.call("GET", "/api/v1/pool", apiKey, null).json();
            version = pool.at("/consent_text/text_version").asText();
            assertThat(version).isNotBlank();
            assertThat(pool.at("/consent_text/text").asText()).contains("5 %");
            assertThat(pool.get("consent").isNull()).isTrue();
            JsonNode openai = provider(pool, "openai");
            assertThat(openai.get("eligible").asBoolean()).isFalse();
            assertThat(openai.get("permitted").asBoolean(true)).isFalse();
            assertThat(openai.get("source").asText()).startsWith("https://");
            assertThat(key(pool, keyId).get("state").asText()).isEqualTo("off");

            // No consent: neither ready nor on, and nothing changes.
            Stack.Reply ready = stack.call("PATCH", "/api/v1/byok/" + keyId, apiKey, donation("ready"));
            assertThat(ready.status()).isEqualTo(409);
            assertThat(ready.json().at("/error/code").asText()).isEqualTo("consent_required");
            assertThat(ready.json().at("/error/message").asText()).contains("POST /api/v1/pool/consent").contains(version);
            assertThat(stack.call("PATCH", "/api/v1/byok/" + keyId, apiKey, donation("on")).status()).isEqualTo(409);
            assertThat(key(stack.call("GET", "/api/v1/pool", apiKey, null).json(), keyId).get("donation").asText()).isEqualTo("off");

            // Consent to another text than the current one is refused; the current one is recorded once.
            Stack.Reply stale = stack.call("POST", "/api/v1/pool/consent", apiKey, "{\"text_version\":\"1999-01-01\"}");
            assertThat(stale.status()).isEqualTo(409);
            assertThat(stale.json().at("/error/code").asText()).isEqualTo("consent_text_changed");
            String consent = "{\"text_version\":\"" + version + "\"}";
            assertThat(stack.call("POST", "/api/v1/pool/consent", apiKey, consent).status()).isEqualTo(200);
            assertThat(stack.call("POST", "/api/v1/pool/consent", apiKey, consent).status()).isEqualTo(200);
            assertThat(stack.call("GET", "/api/v1/pool", apiKey, null).json().at("/consent/text_version").asText()).isEqualTo(version);

            // An ineligible provider's key cannot be set donating, and the refusal says why and what to do.
            Stack.Reply on = stack.call("PATCH", "/api/v1/byok/" + keyId, apiKey, donation("on"));
            assertThat(on.status()).isEqualTo(422);
            assertThat(on.json().at("/error/code").asText()).isEqualTo("provider_not_eligible");
            assertThat(on.json().at("/error/message").asText()).contains("openai").contains("https://").contains("\"ready\"");
            assertThat(key(stack.call("GET", "/api/v1/pool", apiKey, null).json(), keyId).get("donation").asText()).isEqualTo("off");

            // Ready is allowed after consent, and shown as waiting for the provider.
            Stack.Reply readyNow = stack.call("PATCH", "/api/v1/byok/" + keyId, apiKey, donation("ready"));
            assertThat(readyNow.status()).isEqualTo(200);
            assertThat(readyNow.json().get("state").asText()).isEqualTo("ready");
            assertThat(stack.call("PATCH", "/api/v1/byok/" + keyId, apiKey, donation("ready")).status()).isEqualTo(200);

            // Bad inputs: a clear 400 naming the field, nothing changed.
            Stack.Reply bad = stack.call("PATCH", "/api/v1/byok/" + keyId, apiKey, donation("maybe"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().at("/error/message").asText()).contains("off, ready, on");
            Stack.Reply mixed = stack.call("PATCH", "/api/v1/byok/" + keyId, apiKey, "{\"donation\":\"off\",\"alias\":\"x\"}");
            assertThat(mixed.status()).isEqualTo(400);
            assertThat(mixed.json().at("/error/message").asText()).contains("'alias'");
            Stack.Reply caps = stack.call("PATCH", "/api/v1/byok/" + keyId, apiKey, "{\"donation_caps\":{\"usd_per_day\":-1}}");
            assertThat(caps.status()).isEqualTo(400);
            assertThat(stack.call("PATCH", "/api/v1/byok/nosuch", apiKey, donation("off")).status()).isEqualTo(404);
            assertThat(key(stack.call("GET", "/api/v1/pool", apiKey, null).json(), keyId).get("donation").asText()).isEqualTo("ready");

            // An app's inference key can neither read nor change the program.
            String inference = stack.call("POST", "/api/v1/keys", apiKey, "{\"name\":\"app\"}").json().get("key").asText();
            assertThat(stack.call("GET", "/api/v1/pool", inference, null).status()).isEqualTo(403);
            assertThat(stack.call("POST", "/api/v1/pool/consent", inference, consent).status()).isEqualTo(403);
            assertThat(stack.call("PATCH", "/api/v1/byok/" + keyId, inference, donation("off")).status()).isEqualTo(403);

            assertThat(SecretScan.inTexts("answer", stack.bodiesSeen, CANARY)).isEmpty();
        }

        // The operator marks OpenAI eligible (with its source): the ready key is donating, no click needed.
        Path override = dataDir.resolve("operator-catalog.yaml");
        Files.writeString(override, """
                providers:
                  - id: openai
                    donation: {permitted: true, source: "https://example.com/our-openai-agreement", checked: 2026-12-08}
                """);
        try (Stack stack = new Stack(dataDir, Map.of("catalog-file", override.toString()))) {
            JsonNode pool = stack.call("GET", "/api/v1/pool", apiKey, null).json();
            assertThat(provider(pool, "openai").get("eligible").asBoolean()).isTrue();
            assertThat(provider(pool, "openai").get("decided_by").asText()).isEqualTo("operator");
            assertThat(key(pool, keyId).get("state").asText()).isEqualTo("donating");
            assertThat(stack.call("PATCH", "/api/v1/byok/" + keyId, apiKey, donation("on")).json().get("state").asText())
                    .isEqualTo("donating");
            assertThat(stack.call("PATCH", "/api/v1/byok/" + keyId, apiKey, donation("off")).json().get("state").asText())
                    .isEqualTo("off");
            assertThat(stack.call("DELETE", "/api/v1/byok/" + keyId, apiKey, null).status()).isEqualTo(204);
        }

        // The consent was written once per account and once per key, and outlives the key.
        try (Database db = Database.open("jdbc:sqlite:" + dataDir.resolve("anyrouter.db"))) {
            List<String> rows = db.withConnection(c -> {
                try (var ps = c.prepareStatement("SELECT key_id, text_version, client_address FROM pool_consents ORDER BY key_id");
                     var rs = ps.executeQuery()) {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
                    return out;
                }
            });
            assertThat(rows).containsExactly("|" + version + "|127.0.0.1", keyId + "|" + version + "|127.0.0.1");
        }
        assertThat(SecretScan.inSqlite(dataDir.resolve("anyrouter.db"), CANARY)).isEmpty();
        assertThat(SecretScan.inFiles(dataDir, CANARY)).isEmpty();
    }

    @Test
    void anEligibleRowWithoutASourceStopsStartUp() throws Exception {
        Path override = dataDir.resolve("operator-catalog.yaml");
        Files.writeString(override, """
                providers:
                  - id: groq
                    donation: {permitted: true}
                """);
        var settings = SettingsLoader.load(Map.of("port", "0", "data", dataDir.toString(), "catalog-file", override.toString()), Map.of());
        assertThatThrownBy(() -> Gateway.start(settings, Map.of()))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("groq")
                .hasMessageContaining("without a source");
    }

    private static JsonNode provider(JsonNode pool, String id) {
        for (JsonNode p : pool.get("providers")) if (p.get("id").asText().equals(id)) return p;
        throw new AssertionError("no provider " + id + " in " + pool);
    }

    private static JsonNode key(JsonNode pool, String id) {
        for (JsonNode k : pool.get("keys")) if (k.get("id").asText().equals(id)) return k;
        throw new AssertionError("no key " + id + " in " + pool);
    }
}
