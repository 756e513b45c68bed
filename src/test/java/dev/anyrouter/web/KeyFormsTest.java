package dev.anyrouter.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.ProviderKeyRecord;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyFormsTest {
    private static final ProviderKeyRecord STORED = new ProviderKeyRecord("k1", "acct", "openai", "prod", "sk-…abcd", 1, 1,
            "https://proxy.example/v1", Map.of("OpenAI-Organization", "org-old", "OpenAI-Project", "proj-1"), List.of(),
            KeyStatus.ACTIVE, null, Instant.EPOCH, null, "c", "w", 1);

    @Test
    void theAddFormBecomesTheApisCreateFieldsWithNumbersAsNumbers() {
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("provider", "openai").add("key", "sk-abc").add("alias", "team")
                .add("priority", " 3 ").add("weight", "5").add("base_url", "").add("header:OpenAI-Project", "proj-9")
                .add("header:OpenAI-Organization", " ").add("scope", "ak1").add("scope", "ak2").add("_csrf", "t");
        ObjectNode body = KeyForms.createBody(form);
        assertThat(body.toString()).isEqualTo("{\"provider\":\"openai\",\"key\":\"sk-abc\",\"alias\":\"team\",\"priority\":3,"
                + "\"weight\":5,\"headers\":{\"OpenAI-Project\":\"proj-9\"},\"scope\":[\"ak1\",\"ak2\"]}");
    }

    @Test
    void aProvidersNamedCredentialFieldsGoWithItsKeyAsOneObject() {
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("provider", "cloudflare").add("key", "cf-token-1")
                .add("credential:account_id", " 0123456789abcdef0123456789abcdef ").add("_csrf", "t");
        ObjectNode body = KeyForms.createBody(form);
        assertThat(body.get("key").toString())
                .isEqualTo("{\"api_key\":\"cf-token-1\",\"account_id\":\"0123456789abcdef0123456789abcdef\"}");

        ObjectNode keyless = KeyForms.createBody(MultiMap.caseInsensitiveMultiMap().add("provider", "alibaba")
                .add("key", "").add("credential:region", "beijing"));
        assertThat(keyless.get("key").toString()).as("a blank key is left for the API to name").isEqualTo("{\"region\":\"beijing\"}");
    }

    @Test
    void aNumberFieldThatIsNotANumberGoesThroughAsTypedForTheApiToName() {
        ObjectNode body = KeyForms.createBody(MultiMap.caseInsensitiveMultiMap().add("priority", "first"));
        assertThat(body.get("priority").isTextual()).isTrue();
        assertThat(body.has("key")).isFalse();
    }

    @Test
    void theEditFormKeepsStoredHeadersAndSendsTheBaseUrlOnlyWhenItChanged() {
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("alias", "prod-2").add("priority", "2").add("weight", "1")
                .add("base_url", "https://proxy.example/v1").add("header:OpenAI-Organization", "org-new");
        ObjectNode body = KeyForms.patchBody(form, STORED);
        assertThat(body.has("base_url")).isFalse();
        assertThat(body.get("headers").get("OpenAI-Organization").asText()).isEqualTo("org-new");
        assertThat(body.get("headers").get("OpenAI-Project").asText()).isEqualTo("proj-1");
        assertThat(body.get("scope").isEmpty()).isTrue();

        ObjectNode moved = KeyForms.patchBody(MultiMap.caseInsensitiveMultiMap().add("base_url", "https://other.example/v1"), STORED);
        assertThat(moved.get("base_url").asText()).isEqualTo("https://other.example/v1");
        assertThat(moved.has("headers")).isFalse();
    }

    @Test
    void aCloudsFieldsBecomeItsCredentialObjectWithDeploymentsFromLinesAndPastedJsonStandsForThem() {
        ObjectNode azure = KeyForms.createBody(MultiMap.caseInsensitiveMultiMap().add("provider", "azure")
                .add("cloud:resource_name", "contoso").add("cloud:endpoint", "").add("cloud:resource_type", "openai")
                .add("cloud:deployments", "gpt-4.1 = contoso-gpt41\n\n gpt-4o=c4o ").add("cloud:api_key", "k1").add("cloud:json", ""));
        assertThat(azure.get("key").toString()).isEqualTo("{\"resource_name\":\"contoso\",\"resource_type\":\"openai\","
                + "\"deployments\":{\"gpt-4.1\":\"contoso-gpt41\",\"gpt-4o\":\"c4o\"},\"api_key\":\"k1\"}");
        ObjectNode bad = KeyForms.createBody(MultiMap.caseInsensitiveMultiMap().add("cloud:deployments", "gpt-4.1 contoso"));
        assertThat(bad.at("/key/deployments").isTextual()).as("a line that is no pair goes as typed, for the credential to name").isTrue();
        ObjectNode pasted = KeyForms.createBody(MultiMap.caseInsensitiveMultiMap().add("provider", "bedrock")
                .add("cloud:region", "us-east-1").add("cloud:json", "{\"api_key\":\"ABSK1\",\"region\":\"eu-west-1\"}"));
        assertThat(pasted.get("key").asText()).isEqualTo("{\"api_key\":\"ABSK1\",\"region\":\"eu-west-1\"}");
    }

    @Test
    void aCloudsEditFormBecomesPatchsCredentialPerResourceWithEmptyFieldsAsNull() {
        ObjectNode patch = KeyForms.patchBody(MultiMap.caseInsensitiveMultiMap().add("alias", "prod")
                .add("cloud:resources.0.api_version", "v1").add("cloud:resources.0.deployments", "")
                .add("cloud:resources.1.deployments", "gpt-5 = f5"), STORED);
        assertThat(patch.get("credential").toString())
                .isEqualTo("{\"resources\":[{\"api_version\":\"v1\",\"deployments\":null},{\"deployments\":{\"gpt-5\":\"f5\"}}]}");
        ObjectNode vertex = KeyForms.patchBody(MultiMap.caseInsensitiveMultiMap().add("cloud:region", "us-east5").add("cloud:project_id", ""),
                STORED);
        assertThat(vertex.get("credential").toString()).isEqualTo("{\"region\":\"us-east5\",\"project_id\":null}");
        assertThat(KeyForms.patchBody(MultiMap.caseInsensitiveMultiMap().add("alias", "x"), STORED).has("credential")).isFalse();
    }
}
