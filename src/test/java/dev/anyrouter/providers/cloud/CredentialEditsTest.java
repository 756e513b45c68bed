package dev.anyrouter.providers.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The fields of a stored cloud credential that may change (Bedrock's region, Vertex's region and
 * project, an Azure resource's API version and deployments) change, read again by the credential's
 * own rules; a secret, or what a secret was issued for, is refused by name and never echoed.
 */
class CredentialEditsTest {
    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(CloudCredential current, String change, String field, String... secrets) {
        assertThatThrownBy(() -> CredentialEdits.apply(current, json(change))).isInstanceOfSatisfying(CredentialException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            for (String secret : secrets) assertThat(e.getMessage()).doesNotContain(secret);
        });
    }

    @Test
    void bedrocksRegionChangesAndItsKeysDoNot() {
        CloudCredential iam = CloudCredential.Form.BEDROCK.parse(json("{\"access_key_id\":\"AKIDEXAMPLE\",\"secret_access_key\":\""
                + CloudCredentialTest.SECRET + "\",\"region\":\"us-east-1\"}"));
        BedrockCredential moved = (BedrockCredential) CredentialEdits.apply(iam, json("{\"region\":\"eu-central-1\"}"));
        assertThat(moved.region()).isEqualTo("eu-central-1");
        assertThat(moved.auth()).isEqualTo(((BedrockCredential) iam).auth());
        refused(iam, "{\"region\":\"the moon\"}", "region");
        refused(iam, "{\"secret_access_key\":\"" + CloudCredentialTest.SECRET + "x\"}", "credential.secret_access_key", CloudCredentialTest.SECRET);
        refused(iam, "{\"access_key_id\":\"AKIDOTHER\"}", "credential.access_key_id");
        refused(iam, "{\"" + CloudCredentialTest.SECRET + "\":\"x\"}", "credential", CloudCredentialTest.SECRET);
    }

    @Test
    void vertexsRegionAndProjectChangeAndAnEmptyProjectFallsBackToTheKeyFiles() throws Exception {
        String pem = CloudCredentialTest.pem();
        CloudCredential sa = CloudCredential.Form.VERTEX.parse(CloudCredentialTest.serviceAccount(pem).put("region", "us-east5"));
        VertexCredential next = (VertexCredential) CredentialEdits.apply(sa, json("{\"region\":\"global\",\"project_id\":\"other-project\"}"));
        assertThat(next.region()).isEqualTo("global");
        assertThat(next.projectId()).isEqualTo("other-project");
        assertThat(next.privateKey()).isEqualTo(pem);
        VertexCredential back = (VertexCredential) CredentialEdits.apply(next, json("{\"project_id\":null}"));
        assertThat(back.projectId()).isEqualTo("my-project");
        refused(sa, "{\"client_email\":\"other@example.com\"}", "credential.client_email");
        refused(sa, "{\"service_account\":{}}", "credential.service_account", pem.substring(40, 80));
    }

    @Test
    void anAzureResourcesVersionAndDeploymentsChangeByIndex() {
        CloudCredential two = CloudCredential.Form.AZURE.parse(json("[{\"api_key\":\"" + CloudCredentialTest.AZURE_KEY
                + "\",\"resource_name\":\"contoso\",\"api_version\":\"2024-10-21\",\"deployments\":{\"gpt-4.1\":\"c41\"}},"
                + "{\"api_key\":\"" + CloudCredentialTest.AZURE_KEY + "2\",\"resource_name\":\"fabrikam\",\"resource_type\":\"ai_foundry\"}]"));
        AzureCredential next = (AzureCredential) CredentialEdits.apply(two, json("{\"resources\":[{\"api_version\":\"v1\","
                + "\"deployments\":null},{\"deployments\":{\"gpt-4o\":\"f4o\"}}]}"));
        assertThat(next.resources().get(0).v1()).isTrue();
        assertThat(next.resources().get(0).deployments()).isEmpty();
        assertThat(next.resources().get(1).deployments()).containsEntry("gpt-4o", "f4o");
        assertThat(next.secrets()).isEqualTo(two.secrets());
        refused(two, "{\"resources\":[{}]}", "credential.resources");
        refused(two, "{\"resources\":[{\"resource_name\":\"other\"},{}]}", "credential.resources[0].resource_name");
        refused(two, "{\"resources\":[{\"api_key\":\"k\"},{}]}", "credential.resources[0].api_key");
        refused(two, "{\"resources\":[{\"deployments\":{\"gpt-4.1\":\"no spaces allowed\"}},{}]}", "key[0].deployments.gpt-4.1");
        refused(two, "{\"api_version\":\"v1\"}", "credential.api_version");
    }
}
