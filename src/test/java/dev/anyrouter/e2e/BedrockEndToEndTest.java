package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Amazon Bedrock behind the gateway, end to end ({@link CloudEndToEnd}'s matrix): an IAM credential
 * saved (checked live against the mock's control plane, which verifies the SigV4 signature with its
 * own implementation), streams on ConverseStream's binary event stream, a stream ending in an
 * exception frame ({@link BedrockFailoverTest} has the failover); nothing of the secret access key
 * anywhere the run wrote.
 */
class BedrockEndToEndTest extends CloudEndToEnd {
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @Override
    String model() {
        return "bedrock/amazon.nova-pro-v1:0";
    }

    @Override
    String mockKey() {
        return "AKIDEXAMPLE";
    }

    @Override
    Stack.Reply saveCredential() throws Exception {
        return save("AKIDEXAMPLE", SECRET, "aws-primary", 1);
    }

    @Override
    List<String> secrets() {
        return List.of(SECRET);
    }

    Stack.Reply save(String id, String secret, String alias, int priority) throws Exception {
        return stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"bedrock\",\"key\":{\"access_key_id\":\"" + id
                + "\",\"secret_access_key\":\"" + secret + "\",\"region\":\"us-east-1\"},\"alias\":\"" + alias + "\",\"priority\":"
                + priority + ",\"base_url\":\"" + mockBase() + "\"}");
    }

    @Test
    void theCredentialIsListedByItsRegionAndKeyIdNeverItsSecret() throws Exception {
        Stack.Reply list = stack.call("GET", "/api/v1/byok", apiKey, null);
        JsonNode key = list.json().get("data").get(0);
        assertThat(key.path("credential").path("region").asText()).isEqualTo("us-east-1");
        assertThat(key.path("credential").path("access_key_id").asText()).isEqualTo("AKIDEXAMPLE");
        assertThat(list.body()).doesNotContain(SECRET);
        Stack.Reply models = stack.call("GET", "/api/v1/models", apiKey, null);
        assertThat(models.body()).contains(model(), "bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0");
    }

    @Test
    void aCredentialTheUpstreamRefusesIsNotStored() throws Exception {
        Stack.Reply wrong = save("AKIDEXAMPLE", SECRET.replace('w', 'W'), "wrong", 5);
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(422);
        assertThat(wrong.json().path("error").path("code").asText()).isEqualTo("key_rejected");
        Stack.Reply unknown = save("AKIDNOBODYKNOWS1", SECRET, "unknown", 5);
        assertThat(unknown.status()).isEqualTo(422);
        Stack.Reply malformed = stack.call("POST", "/api/v1/byok", apiKey,
                "{\"provider\":\"bedrock\",\"key\":{\"access_key_id\":\"AKIDEXAMPLE\",\"secret_access_key\":\"" + SECRET + "\"}}");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("error").path("message").asText()).contains("'region'").doesNotContain(SECRET);
        assertThat(stack.call("GET", "/api/v1/byok", apiKey, null).json().get("data")).hasSize(1);
    }

    @Test
    void theRegionChangesThroughPatchAfterALiveCheckWhileTheSecretCannotChangeThere() throws Exception {
        String id = stack.call("GET", "/api/v1/byok", apiKey, null).json().at("/data/0/id").asText();
        Stack.Reply secret = stack.call("PATCH", "/api/v1/byok/" + id, apiKey, "{\"credential\":{\"secret_access_key\":\"" + SECRET + "x\"}}");
        assertThat(secret.status()).as(secret.body()).isEqualTo(400);
        assertThat(secret.json().at("/error/code").asText()).isEqualTo("invalid_credential");
        assertThat(secret.json().at("/error/param").asText()).isEqualTo("credential.secret_access_key");
        assertThat(secret.body()).doesNotContain(SECRET);
        Stack.Reply wrong = stack.call("PATCH", "/api/v1/byok/" + id, apiKey, "{\"credential\":{\"region\":\"mars\"}}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().at("/error/message").asText()).contains("'region' must look like us-east-1");
        try {
            stack.call("DELETE", mock("/_mock/requests"), null, null);
            Stack.Reply moved = stack.call("PATCH", "/api/v1/byok/" + id, apiKey, "{\"credential\":{\"region\":\"eu-central-1\"}}");
            assertThat(moved.status()).as(moved.body()).isEqualTo(200);
            assertThat(moved.json().at("/credential/region").asText()).isEqualTo("eu-central-1");
            assertThat(mockPaths()).as("proved live before it was kept").contains("/foundation-models");
            Stack.Reply served = stack.call("POST", "/api/v1/chat/completions", apiKey, "{\"model\":\"" + model()
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");
            assertThat(served.status()).as(served.body()).isEqualTo(200);
        } finally {
            assertThat(stack.call("PATCH", "/api/v1/byok/" + id, apiKey, "{\"credential\":{\"region\":\"us-east-1\"}}").status())
                    .isEqualTo(200);
        }
    }
}
