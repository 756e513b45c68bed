package dev.anyrouter.providers.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every accepted form of the three clouds' credentials, and every malformed one refused with the field named and no secret echoed. */
class CloudCredentialTest {
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final String AZURE_KEY = "azure-key-0123456789abcdef0123456789";
    static final String CLIENT_SECRET = "entra-client-secret-0123456789abc";

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh RSA key as a service-account JSON would hold it (PKCS#8 PEM). */
    static String pem() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n";
    }

    static ObjectNode serviceAccount(String pem) {
        return Json.object().put("type", "service_account").put("project_id", "my-project").put("private_key_id", "abc123")
                .put("private_key", pem).put("client_email", "sa@my-project.iam.gserviceaccount.com")
                .put("token_uri", "https://oauth2.googleapis.com/token");
    }

    private static void refused(CloudCredential.Form form, String key, String field, String... secrets) {
        refused(form, json(key), field, secrets);
    }

    private static void refused(CloudCredential.Form form, JsonNode key, String field, String... secrets) {
        assertThatThrownBy(() -> form.parse(key)).isInstanceOfSatisfying(CredentialException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).startsWith("'" + field + "'");
            for (String secret : secrets) assertThat(e.getMessage()).doesNotContain(secret);
        });
    }

    @Test
    void bedrockTakesIamKeysWithOrWithoutASessionAndApiKeys() {
        BedrockCredential iam = (BedrockCredential) CloudCredential.Form.BEDROCK.parse(json(
                "{\"access_key_id\":\"AKIDEXAMPLE\",\"secret_access_key\":\"" + SECRET + "\",\"region\":\"us-east-1\"}"));
        assertThat(iam.region()).isEqualTo("us-east-1");
        assertThat(iam.auth()).isEqualTo(new BedrockCredential.AccessKeys("AKIDEXAMPLE", SECRET, null));
        assertThat(iam.secrets()).containsExactly(SECRET);
        assertThat(iam.shown().toString()).contains("us-east-1", "AKIDEXAMPLE").doesNotContain(SECRET);
        assertThat(iam.masked()).doesNotContain(SECRET).isEqualTo("AKID…MPLE");
        BedrockCredential session = (BedrockCredential) CloudCredential.Form.BEDROCK.parse(json(
                "{\"access_key_id\":\"ASIAEXAMPLE12345\",\"secret_access_key\":\"" + SECRET + "\",\"session_token\":\"IQoJb3JpZ2luX2VjEXAMPLE\","
                        + "\"region\":\"eu-central-2\"}"));
        assertThat(((BedrockCredential.AccessKeys) session.auth()).sessionToken()).isEqualTo("IQoJb3JpZ2luX2VjEXAMPLE");
        BedrockCredential apiKey = (BedrockCredential) CloudCredential.Form.BEDROCK.parse(
                Json.MAPPER.getNodeFactory().textNode("{\"api_key\":\"ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl\",\"region\":\"us-gov-west-1\"}"));
        assertThat(apiKey.auth()).isEqualTo(new BedrockCredential.ApiKey("ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl"));
        assertThat(CloudCredential.Form.BEDROCK.parse(iam.stored())).isEqualTo(iam);
        assertThat(iam.toString()).doesNotContain(SECRET);
    }

    @Test
    void bedrockRefusesEachMalformedFieldByName() {
        refused(CloudCredential.Form.BEDROCK, "{\"access_key_id\":\"AKIDEXAMPLE\",\"secret_access_key\":\"" + SECRET + "\"}", "region", SECRET);
        refused(CloudCredential.Form.BEDROCK, "{\"access_key_id\":\"AKIDEXAMPLE\",\"region\":\"us-east-1\"}", "secret_access_key");
        refused(CloudCredential.Form.BEDROCK, "{\"secret_access_key\":\"" + SECRET + "\",\"region\":\"us-east-1\"}", "access_key_id", SECRET);
        refused(CloudCredential.Form.BEDROCK, "{\"access_key_id\":\"AKIDEXAMPLE\",\"secret_access_key\":42,\"region\":\"us-east-1\"}",
                "secret_access_key");
        refused(CloudCredential.Form.BEDROCK, "{\"access_key_id\":\"AKIDEXAMPLE\",\"secret_access_key\":\"" + SECRET + "\",\"region\":\"Mars 1\"}",
                "region", SECRET);
        refused(CloudCredential.Form.BEDROCK, "{\"access_key_id\":\"AKIDEXAMPLE\",\"secret_access_key\":\"" + SECRET + "\",\"region\":\"us-east-1\","
                + "\"secret_key\":\"x\"}", "secret_key", SECRET);
        refused(CloudCredential.Form.BEDROCK, "{\"region\":\"us-east-1\"}", "api_key");
        refused(CloudCredential.Form.BEDROCK, "[1, 2]", "key");
        // Text that is not JSON: the parser's message would quote it, the refusal does not.
        refused(CloudCredential.Form.BEDROCK, Json.MAPPER.getNodeFactory().textNode("{\"secret_access_key\": " + SECRET + "}"), "key", SECRET);
    }

    @Test
    void azureTakesTheObjectTheListEntraAndTheLegacyForm() {
        AzureCredential one = (AzureCredential) CloudCredential.Form.AZURE.parse(json("{\"api_key\":\"" + AZURE_KEY + "\","
                + "\"resource_name\":\"my-res\",\"resource_type\":\"openai\",\"api_version\":\"2024-10-21\",\"deployments\":{\"gpt-4.1\":\"my-gpt41\"}}"));
        AzureCredential.Route route = one.route("gpt-4.1");
        assertThat(route.deployment()).isEqualTo("my-gpt41");
        assertThat(route.resource().origin().toString()).isEqualTo("https://my-res.openai.azure.com");
        assertThat(route.resource().v1()).isFalse();
        assertThat(one.route("gpt-4o").deployment()).as("a model the map does not list is its own deployment").isEqualTo("gpt-4o");
        AzureCredential foundry = (AzureCredential) CloudCredential.Form.AZURE.parse(json(
                "{\"api_key\":\"" + AZURE_KEY + "\",\"resource_name\":\"hub\",\"resource_type\":\"ai_foundry\"}"));
        assertThat(foundry.resources().getFirst().origin().getHost()).isEqualTo("hub.services.ai.azure.com");
        assertThat(foundry.resources().getFirst().v1()).as("no api_version: the v1 API").isTrue();
        AzureCredential list = (AzureCredential) CloudCredential.Form.AZURE.parse(json("[{\"api_key\":\"" + AZURE_KEY + "\",\"resource_name\":\"a\","
                + "\"resource_type\":\"openai\",\"deployments\":{\"gpt-4.1\":\"d1\"}},{\"api_key\":\"" + AZURE_KEY + "2\",\"resource_name\":\"b\","
                + "\"resource_type\":\"openai\"}]"));
        assertThat(list.resources()).hasSize(2);
        assertThat(list.route("gpt-4.1").resource().resourceName()).isEqualTo("a");
        assertThat(list.route("gpt-5").resource().resourceName()).as("the resource that lists no deployments takes any model").isEqualTo("b");
        AzureCredential entra = (AzureCredential) CloudCredential.Form.AZURE.parse(json("{\"tenant_id\":\"72f988bf-86f1-41af-91ab-2d7cd011db47\","
                + "\"client_id\":\"app-1\",\"client_secret\":\"" + CLIENT_SECRET + "\",\"endpoint\":\"https://x.cognitiveservices.azure.com/\"}"));
        AzureCredential.Entra auth = (AzureCredential.Entra) entra.resources().getFirst().auth();
        assertThat(auth.tokenUri().toString()).isEqualTo("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token");
        assertThat(entra.secrets()).containsExactly(CLIENT_SECRET);
        assertThat(entra.shown().toString()).contains("app-1").doesNotContain(CLIENT_SECRET);
        AzureCredential legacy = (AzureCredential) CloudCredential.Form.AZURE.parse(json("[{\"model_slug\":\"openai/gpt-4o\",\"endpoint_url\":"
                + "\"https://r.openai.azure.com/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21\",\"api_key\":\"" + AZURE_KEY
                + "\",\"model_id\":\"gpt4o-prod\"},{\"model_slug\":\"openai/gpt-4.1\",\"endpoint_url\":"
                + "\"https://r.openai.azure.com/openai/deployments/g41/chat/completions?api-version=2024-10-21\",\"api_key\":\"" + AZURE_KEY
                + "\",\"model_id\":\"g41\"}]"));
        assertThat(legacy.resources()).as("one resource's entries merge").hasSize(1);
        assertThat(legacy.route("gpt-4o").deployment()).isEqualTo("gpt4o-prod");
        assertThat(legacy.route("gpt-4.1").deployment()).isEqualTo("g41");
        assertThat(legacy.resources().getFirst().apiVersion()).isEqualTo("2024-10-21");
        for (AzureCredential c : List.of(one, foundry, list, entra, legacy)) {
            assertThat(CloudCredential.Form.AZURE.parse(c.stored())).as("the stored form reads back").isEqualTo(c);
            assertThat(c.masked()).doesNotContain(AZURE_KEY).doesNotContain(CLIENT_SECRET);
        }
    }

    @Test
    void azureRefusesEachMalformedFieldByName() {
        refused(CloudCredential.Form.AZURE, "{\"api_key\":\"" + AZURE_KEY + "\"}", "resource_name", AZURE_KEY);
        refused(CloudCredential.Form.AZURE, "{\"resource_name\":\"r\"}", "api_key");
        refused(CloudCredential.Form.AZURE, "{\"api_key\":\"" + AZURE_KEY + "\",\"resource_name\":\"r\",\"resource_type\":\"aws\"}", "resource_type", AZURE_KEY);
        refused(CloudCredential.Form.AZURE, "{\"api_key\":\"" + AZURE_KEY + "\",\"resource_name\":\"r\",\"api_version\":\"latest\"}", "api_version", AZURE_KEY);
        refused(CloudCredential.Form.AZURE, "{\"api_key\":\"" + AZURE_KEY + "\",\"resource_name\":\"r\",\"deployments\":{\"gpt-4.1\":7}}",
                "deployments.gpt-4.1", AZURE_KEY);
        refused(CloudCredential.Form.AZURE, "{\"api_key\":\"" + AZURE_KEY + "\",\"resource_name\":\"r\",\"deployments\":[\"x\"]}", "deployments", AZURE_KEY);
        refused(CloudCredential.Form.AZURE, "[{\"api_key\":\"" + AZURE_KEY + "\",\"resource_name\":\"r\"},{\"resource_name\":\"s\"}]", "key[1].api_key",
                AZURE_KEY);
        refused(CloudCredential.Form.AZURE, "{\"tenant_id\":\"t\",\"client_id\":\"c\",\"resource_name\":\"r\"}", "client_secret");
        refused(CloudCredential.Form.AZURE, "{\"api_key\":\"" + AZURE_KEY + "\",\"client_secret\":\"" + CLIENT_SECRET + "\",\"resource_name\":\"r\"}",
                "api_key", AZURE_KEY, CLIENT_SECRET);
        refused(CloudCredential.Form.AZURE, "{\"model_slug\":\"openai/gpt-4o\",\"endpoint_url\":\"https://r.openai.azure.com/openai/deployments/d/chat/completions\","
                + "\"api_key\":\"" + AZURE_KEY + "\",\"model_id\":\"d\"}", "endpoint_url", AZURE_KEY);
        refused(CloudCredential.Form.AZURE, "[]", "key");
    }

    @Test
    void vertexTakesTheKeyFileAloneWithARegionOrWrapped() throws Exception {
        String pem = pem();
        ObjectNode file = serviceAccount(pem);
        VertexCredential plain = (VertexCredential) CloudCredential.Form.VERTEX.parse(file);
        assertThat(plain.region()).isEqualTo("global");
        assertThat(plain.host()).isEqualTo("aiplatform.googleapis.com");
        assertThat(plain.projectId()).isEqualTo("my-project");
        VertexCredential regional = (VertexCredential) CloudCredential.Form.VERTEX.parse(file.deepCopy().put("region", "us-east5"));
        assertThat(regional.host()).isEqualTo("us-east5-aiplatform.googleapis.com");
        ObjectNode wrapped = Json.object().put("service_account", file.toString()).put("region", "europe-west4").put("project_id", "other-project");
        VertexCredential viaText = (VertexCredential) CloudCredential.Form.VERTEX.parse(wrapped);
        assertThat(viaText.projectId()).isEqualTo("other-project");
        assertThat(viaText.region()).isEqualTo("europe-west4");
        assertThat(viaText.secrets()).containsExactly(pem);
        assertThat(viaText.shown().toString()).contains("sa@my-project", "europe-west4").doesNotContain("PRIVATE KEY");
        assertThat(viaText.toString()).doesNotContain("PRIVATE KEY");
        VertexCredential back = (VertexCredential) CloudCredential.Form.VERTEX.parse(viaText.stored());
        assertThat(back.region()).isEqualTo("europe-west4");
        assertThat(back.projectId()).isEqualTo("other-project");
        assertThat(back.privateKey()).isEqualTo(pem);
    }

    @Test
    void vertexRefusesEachMalformedFieldByName() throws Exception {
        String pem = pem();
        String body = pem.substring(40, 80);
        ObjectNode file = serviceAccount(pem);
        refused(CloudCredential.Form.VERTEX, json("{\"type\":\"service_account\",\"client_email\":\"x@example.com\"}"), "private_key");
        refused(CloudCredential.Form.VERTEX, file.deepCopy().put("private_key", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"),
                "private_key");
        refused(CloudCredential.Form.VERTEX, file.deepCopy().put("private_key", 12), "private_key");
        refused(CloudCredential.Form.VERTEX, withoutField(file, "client_email"), "client_email", body);
        refused(CloudCredential.Form.VERTEX, withoutField(file, "project_id"), "project_id", body);
        refused(CloudCredential.Form.VERTEX, file.deepCopy().put("type", "authorized_user"), "type", body);
        refused(CloudCredential.Form.VERTEX, file.deepCopy().put("region", "the moon"), "region", body);
        refused(CloudCredential.Form.VERTEX, Json.object().put("service_account", "{not json " + pem), "service_account", body);
    }

    @Test
    void aSecretPastedAsAFieldNameIsNotEchoed() {
        refused(CloudCredential.Form.BEDROCK, Json.object().put("region", "us-east-1").put("access_key_id", "AKIDEXAMPLE")
                .put("secret_access_key", "x").put(SECRET, "y"), "key", SECRET);
        refused(CloudCredential.Form.AZURE, json("[{\"resource_name\":\"r\",\"api_key\":\"k\",\"" + AZURE_KEY + "\":1}]"), "key[0]", AZURE_KEY);
        refused(CloudCredential.Form.BEDROCK, json("{\"region\":\"us-east-1\",\"api_key\":\"k\",\"extra\":1}"), "extra");
    }

    private static ObjectNode withoutField(ObjectNode node, String field) {
        ObjectNode copy = node.deepCopy();
        copy.remove(field);
        return copy;
    }
}
