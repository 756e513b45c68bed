package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A provider key goes only to its provider: a base_url on any other host is refused on create and
 * on PATCH (and on the admin API) with 422 {@code base_url_not_allowed}, nothing is stored, and a
 * listener on a loopback port that the refused base_url points at receives nothing — whether or not
 * private upstreams are allowed, for a public name that resolves to that listener. A key stored while
 * its host was allowed is not sent there once the operator no longer allows it: the check runs again
 * where the connection is made.
 */
class ProviderHostsTest extends AttackerHost {
    private static final String ADMIN_TOKEN = "admin-token-for-the-hosts-test-0123456789";

    private String attackerUrl(String scheme) {
        return scheme + "://" + ATTACKER + ":" + listener.port() + "/v1";
    }

    @Test
    void withPrivateUpstreamsAllowedAPublicNameOutsideTheProvidersHostsIsRefusedAndReceivesNothing() throws Exception {
        try (Stack stack = new Stack(dataDir, Map.of("admin-token", ADMIN_TOKEN), resolver)) {
            String key = stack.signup("owner@example.com");
            for (String scheme : new String[] {"http", "https"}) {
                Stack.Reply refused = stack.call("POST", "/api/v1/byok", key, "{\"provider\":\"openai\",\"key\":\"sk-mock-stolen-0001\","
                        + "\"base_url\":\"" + attackerUrl(scheme) + "\"}");
                assertThat(refused.status()).as(refused.body()).isEqualTo(422);
                assertThat(refused.json().at("/error/code").asText()).isEqualTo("base_url_not_allowed");
                assertThat(refused.json().at("/error/message").asText())
                        .contains(ATTACKER + ":" + listener.port(), "--upstream-hosts", "api.openai.com").doesNotContain("sk-mock");
            }
            assertThat(stack.call("GET", "/api/v1/byok", key, null).json().get("data")).as("nothing stored").isEmpty();

            Stack.Reply saved = stack.addKey(key, "sk-mock-owner-0001", "owner");
            assertThat(saved.status()).isEqualTo(201);
            String id = saved.json().get("id").asText();
            Stack.Reply moved = stack.call("PATCH", "/api/v1/byok/" + id, key, "{\"base_url\":\"" + attackerUrl("https") + "\"}");
            assertThat(moved.status()).as(moved.body()).isEqualTo(422);
            assertThat(moved.json().at("/error/code").asText()).isEqualTo("base_url_not_allowed");
            assertThat(stack.call("GET", "/api/v1/byok/" + id, key, null).json().get("base_url").asText()).isEqualTo(stack.mockBase());

            Stack.Reply admin = stack.call("POST", "/api/v1/admin/provider-keys", ADMIN_TOKEN, "{\"provider\":\"openai\","
                    + "\"key\":\"sk-mock-operator-0001\",\"base_url\":\"" + attackerUrl("https") + "\"}");
            assertThat(admin.status()).as(admin.body()).isEqualTo(422);
            assertThat(admin.json().at("/error/code").asText()).isEqualTo("base_url_not_allowed");

            assertThat(listener.hits()).as("nothing reached the address the refused base_urls named").isEmpty();

            // The listener does receive what is allowed to reach it: a private address, with private upstreams on.
            Stack.Reply local = stack.call("POST", "/api/v1/byok", key, "{\"provider\":\"openai\",\"key\":\"sk-mock-local-0001\","
                    + "\"base_url\":\"" + listener.baseUrl() + "\"}");
            assertThat(local.status()).as(local.body()).isEqualTo(201);
            assertThat(listener.hits()).singleElement().satisfies(hit -> assertThat(hit.authorization()).isEqualTo("Bearer sk-mock-local-0001"));
        }
    }

    @Test
    void withoutPrivateUpstreamsNeitherThePublicNameNorTheLoopbackAddressReceivesAnything() throws Exception {
        try (Stack stack = new Stack(dataDir, Map.of("allow-private-upstreams", "false"), resolver)) {
            String key = stack.signup("owner@example.com");
            for (String url : new String[] {attackerUrl("https"), listener.baseUrl(), "http://localhost:" + listener.port() + "/v1"}) {
                Stack.Reply refused = stack.call("POST", "/api/v1/byok", key, "{\"provider\":\"openai\",\"key\":\"sk-mock-stolen-0002\","
                        + "\"base_url\":\"" + url + "\"}");
                assertThat(refused.status()).as(url + ": " + refused.body()).isEqualTo(422);
                assertThat(refused.json().at("/error/code").asText()).isEqualTo("base_url_not_allowed");
            }
            assertThat(stack.call("POST", "/api/v1/byok", key, "{\"provider\":\"openai\",\"key\":\"sk-mock-stolen-0002\","
                    + "\"base_url\":\"" + listener.baseUrl() + "\"}").json().at("/error/message").asText())
                    .contains("--allow-private-upstreams");
            assertThat(stack.call("GET", "/api/v1/byok", key, null).json().get("data")).isEmpty();
        }
        // Listed by the operator, the name still may not lead to a private address without --allow-private-upstreams.
        try (Stack stack = new Stack(dataDir.resolve("listed"), Map.of("allow-private-upstreams", "false",
                "upstream-hosts", ATTACKER + ":" + listener.port()), resolver)) {
            String key = stack.signup("listed@example.com");
            Stack.Reply unreachable = stack.call("POST", "/api/v1/byok", key, "{\"provider\":\"openai\",\"key\":\"sk-mock-stolen-0003\","
                    + "\"base_url\":\"" + attackerUrl("https") + "\"}");
            assertThat(unreachable.status()).as(unreachable.body()).isEqualTo(502);
            assertThat(unreachable.json().at("/error/message").asText()).contains("private address");
        }
        assertThat(listener.hits()).isEmpty();
    }

    @Test
    void aStoredKeyIsNotSentToAHostTheOperatorNoLongerAllows() throws Exception {
        String key;
        String id;
        try (Stack stack = new Stack(dataDir, Map.of("upstream-hosts", ATTACKER + ":" + listener.port()), resolver)) {
            key = stack.signup("owner@example.com");
            Stack.Reply saved = stack.call("POST", "/api/v1/byok", key, "{\"provider\":\"openai\",\"key\":\"sk-mock-listed-0001\","
                    + "\"base_url\":\"" + attackerUrl("http") + "\"}");
            assertThat(saved.status()).as("an operator's host is allowed: " + saved.body()).isEqualTo(201);
            id = saved.json().get("id").asText();
            assertThat(listener.hits()).as("the validation call went there while it was allowed").hasSize(1);
        }
        try (Stack stack = new Stack(dataDir, Map.of(), resolver)) {
            String chat = "{\"model\":\"openai/gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            Stack.Reply answer = stack.call("POST", "/api/v1/chat/completions", key, chat);
            assertThat(answer.status()).as(answer.body()).isEqualTo(502);
            assertThat(answer.json().at("/error/message").asText()).contains("host is not allowed");
            JsonNode recheck = stack.call("POST", "/api/v1/byok/" + id + "/validate", key, null).json();
            assertThat(recheck.toString()).doesNotContain("sk-mock-listed");
        }
        assertThat(listener.hits()).as("nothing more reached the host once it was no longer allowed").hasSize(1);
    }
}
