package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Vertex AI behind the gateway, end to end ({@link CloudEndToEnd}'s matrix) for one publisher: a
 * service account the mock made (its key file's {@code token_uri} the mock's token endpoint, which
 * verifies the RS256 JWT grant) saved with a region; every call carries a token minted from it.
 * Neither the private key nor any token minted for it is anywhere the run wrote.
 */
abstract class VertexEndToEnd extends CloudEndToEnd {
    ObjectNode keyFile;

    /** The path segment of the publisher the model is called on: {@code google} or {@code anthropic}. */
    abstract String publisher();

    String clientEmail() {
        return keyFile.path("client_email").asText();
    }

    @Override
    String mockKey() {
        return clientEmail();
    }

    @Override
    Stack.Reply saveCredential() throws Exception {
        keyFile = (ObjectNode) stack.call("POST", mock("/_mock/google/service-accounts"), null,
                "{\"project\":\"acme-vertex\",\"name\":\"" + publisher() + "-e2e\"}").json();
        ObjectNode key = keyFile.deepCopy().put("region", "us-east5");
        return stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"vertex\",\"alias\":\"acme\",\"base_url\":\"" + mockBase()
                + "\",\"key\":" + key + "}");
    }

    @Override
    List<String> secrets() throws Exception {
        List<String> secrets = new ArrayList<>();
        // A line of the PEM's base64 body: found whether the key is written as PEM, JSON-escaped or whole.
        List<String> pem = keyFile.path("private_key").asText().lines().filter(l -> !l.startsWith("-----")).toList();
        secrets.add(pem.get(pem.size() / 2));
        secrets.add(pem.get(1));
        JsonNode tokens = stack.call("GET", mock("/_mock/google/grants?client_email=" + clientEmail()), null, null).json().path("tokens");
        assertThat(tokens).as("the tokens minted for the run").isNotEmpty();
        tokens.forEach(t -> secrets.add(t.asText()));
        return secrets;
    }

    @Test
    void theServiceAccountIsShownByItsEmailProjectAndRegionNeverItsKey() throws Exception {
        Stack.Reply list = stack.call("GET", "/api/v1/byok", apiKey, null);
        JsonNode credential = list.json().get("data").get(0).path("credential");
        assertThat(credential.path("client_email").asText()).isEqualTo(clientEmail());
        assertThat(credential.path("project_id").asText()).isEqualTo("acme-vertex");
        assertThat(credential.path("region").asText()).isEqualTo("us-east5");
        assertThat(list.body()).doesNotContain("PRIVATE KEY", keyFile.path("private_key").asText().lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void callsGoToThePublishersPathOnTheRegionWithAMintedToken() throws Exception {
        stack.call("DELETE", mock("/_mock/requests"), null, null);
        String bare = model().substring("vertex/".length());
        Stack.Reply r = stack.call("POST", "/api/v1/chat/completions", apiKey, "{\"model\":\"" + model() + "\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode seen = stack.call("GET", mock("/_mock/requests"), null, null).json();
        String path = seen.get(seen.size() - 1).path("path").asText().replace("%3A", ":").replace("%40", "@");
        assertThat(path).startsWith("/v1/projects/acme-vertex/locations/us-east5/publishers/" + publisher() + "/models/" + bare + ":");
    }
}
