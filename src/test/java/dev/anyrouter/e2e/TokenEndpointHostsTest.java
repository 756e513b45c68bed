package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The clouds' token endpoints come from the credential itself — an Azure Entra ID client's
 * {@code authority}, a service account's {@code token_uri} — so they are held to the clouds' hosts
 * like any base URL: pointed at a host outside them (here a public name that resolves to a loopback
 * listener), the credential is refused, nothing is stored, the listener receives nothing (no client
 * secret, no signed JWT grant) and the refusal echoes no secret. The same credentials with the mock's
 * own token endpoint (a private address, which the test stack allows) are accepted, so the refusal is
 * the host's alone.
 */
class TokenEndpointHostsTest extends AttackerHost {
    private static final String CLIENT_SECRET = "entra~HostsCanary_7Yh6Tg5Rf4Ed3Ws2Qa1Zx";

    /** Plain http, so the control below can reach the listener; the host check comes before any connection either way. */
    private String attacker() {
        return "http://" + ATTACKER + ":" + listener.port();
    }

    @Test
    void anEntraAuthorityOrATokenUriOutsideTheCloudsHostsIsRefusedAndReceivesNothing() throws Exception {
        try (Stack stack = new Stack(dataDir, Map.of(), resolver)) {
            String apiKey = stack.signup("tokens@example.com");
            String mock = "http://127.0.0.1:" + stack.mock.port();
            String entra = "{\"provider\":\"azure\",\"alias\":\"entra\",\"base_url\":\"" + mock + "\",\"key\":{\"tenant_id\":"
                    + "\"72f988bf-86f1-41af-91ab-2d7cd011db47\",\"client_id\":\"11111111-2222-3333-4444-555555555555\",\"client_secret\":\""
                    + CLIENT_SECRET + "\",\"resource_name\":\"entra-res\",\"authority\":\"%s\"}}";
            Stack.Reply azure = stack.call("POST", "/api/v1/byok", apiKey, entra.formatted(attacker()));
            assertRefused(azure, CLIENT_SECRET);

            ObjectNode keyFile = (ObjectNode) stack.call("POST", "http://127.0.0.1:" + stack.mock.port() + "/_mock/google/service-accounts",
                    null, "{\"project\":\"acme-hosts\",\"name\":\"hosts\"}").json();
            String pemLine = keyFile.path("private_key").asText().lines().skip(2).findFirst().orElseThrow();
            ObjectNode elsewhere = keyFile.deepCopy().put("token_uri", attacker() + "/token");
            Stack.Reply vertex = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"vertex\",\"alias\":\"sa\",\"base_url\":\""
                    + mock + "\",\"key\":" + elsewhere + "}");
            assertRefused(vertex, pemLine);

            assertThat(stack.call("GET", "/api/v1/byok", apiKey, null).json().get("data")).as("nothing stored").isEmpty();
            assertThat(listener.hits()).as("nothing reached the token endpoints the credentials named").isEmpty();

            // The same credentials minting at the mock's token endpoints are accepted.
            assertThat(stack.call("POST", "/api/v1/byok", apiKey, entra.formatted(mock)).status()).isEqualTo(201);
            assertThat(stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"vertex\",\"alias\":\"sa\",\"base_url\":\""
                    + mock + "\",\"key\":" + keyFile + "}").status()).isEqualTo(201);
            assertThat(listener.hits()).isEmpty();
        }
    }

    private void assertRefused(Stack.Reply reply, String secret) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.json().at("/error/code").asText()).isEqualTo("base_url_not_allowed");
        assertThat(reply.json().at("/error/message").asText()).as(reply.body())
                .contains("token endpoint", ATTACKER + ":" + listener.port(), "--upstream-hosts", "nothing was stored");
        assertThat(reply.body()).doesNotContain(secret);
        for (String form : SecretScan.forms(secret)) assertThat(reply.body()).doesNotContain(form);
    }

    @Test
    void theListenerWouldHaveBeenReached() throws Exception {
        // The control: with the attacker's host listed by the operator, a token request does reach the listener
        // (which answers no token), so the refusals above are the host check's and not a listener that cannot be reached.
        try (Stack stack = new Stack(dataDir, Map.of("upstream-hosts", ATTACKER + ":" + listener.port()), resolver)) {
            String apiKey = stack.signup("control@example.com");
            String mock = "http://127.0.0.1:" + stack.mock.port();
            stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"azure\",\"base_url\":\"" + mock + "\",\"key\":{\"tenant_id\":"
                    + "\"72f988bf-86f1-41af-91ab-2d7cd011db47\",\"client_id\":\"11111111-2222-3333-4444-555555555555\",\"client_secret\":"
                    + "\"control-secret-0001\",\"resource_name\":\"entra-res\",\"authority\":\"" + attacker() + "\"}}");
            assertThat(listener.hits()).as("the token request went to the listed host").isNotEmpty();
            assertThat(List.copyOf(listener.hits()).getFirst().path()).endsWith("/oauth2/v2.0/token");
        }
    }
}
