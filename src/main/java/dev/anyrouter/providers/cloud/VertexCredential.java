package dev.anyrouter.providers.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Vertex AI credential: a Google Cloud service-account key (the JSON file the console downloads),
 * with the region to call ({@code global} unless given) and the project ({@code project_id} of the
 * JSON unless given). Accepted as the JSON itself with {@code region} (and {@code project_id}) added
 * beside its fields, or as {@code {"service_account": <the JSON or its text>, "region"?, "project_id"?}}.
 *
 * @param serviceAccount the service account's JSON as given (the private key in it)
 * @param tokenUri where access tokens are minted: the JSON's own {@code token_uri}
 */
public record VertexCredential(ObjectNode serviceAccount, String clientEmail, String privateKeyId, String projectId,
                               String region, URI tokenUri) implements CloudCredential {
    static final String EXAMPLE = "the service account's JSON key file ({\"type\": \"service_account\", \"project_id\": …,"
            + " \"private_key\": \"-----BEGIN PRIVATE KEY-----…\", \"client_email\": …}), with \"region\": \"us-east5\" added if not global";
    /** Google's default token endpoint, for a JSON without {@code token_uri}. */
    public static final URI GOOGLE_TOKEN_URI = URI.create("https://oauth2.googleapis.com/token");
    private static final Pattern REGION = Pattern.compile("global|[a-z]+-[a-z]+[0-9]{1,2}");
    private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9.:-]{3,62}[a-z0-9]");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_PRIVATE_KEY = 16_384;

    static VertexCredential parse(JsonNode node) {
        Fields outer = Fields.of(node, "key");
        JsonNode account = node;
        String region;
        String project;
        if (outer.has("service_account")) {
            outer.only(List.of("service_account", "region", "project_id"));
            account = outer.raw("service_account");
            if (account.isTextual()) account = text(account.asText());
            region = outer.optional("region", REGION, "us-east5 (or global)");
            project = outer.optional("project_id", PROJECT, "my-project");
        } else {
            region = outer.optional("region", REGION, "us-east5 (or global)");
            project = null;
        }
        Fields f = Fields.of(account, outer.has("service_account") ? "service_account" : "key");
        String type = f.optional("type", "service_account");
        if (type != null && !type.equals("service_account")) {
            throw new CredentialException(f.name("type"), "must be service_account: create a key for a service account"
                    + " (IAM → Service accounts → Keys → Add key → JSON)");
        }
        String email = f.required("client_email", EMAIL, "my-sa@my-project.iam.gserviceaccount.com");
        String privateKey = privateKey(f);
        String keyId = f.optional("private_key_id", "a1b2c3…");
        if (project == null) project = f.optional("project_id", PROJECT, "my-project");
        if (project == null) throw new CredentialException("project_id", "is required (the JSON has none), such as my-project");
        URI tokenUri = f.url("token_uri", GOOGLE_TOKEN_URI.toString());
        ObjectNode copy = ((ObjectNode) account).deepCopy();
        copy.remove("region");
        VertexCredential parsed = new VertexCredential(copy, email, keyId, project, region == null ? "global" : region,
                tokenUri == null ? GOOGLE_TOKEN_URI : tokenUri);
        parsed.checkKey(privateKey, f.name("private_key"));
        return parsed;
    }

    /** The PEM text: multi-line, so not read as a token; checked by parsing it with Google's library. */
    private static String privateKey(Fields f) {
        JsonNode v = f.raw("private_key");
        String example = "-----BEGIN PRIVATE KEY-----\\n…\\n-----END PRIVATE KEY-----\\n";
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            throw new CredentialException(f.name("private_key"), "is required: the service account's PEM key, " + example);
        }
        if (!v.isTextual()) throw new CredentialException(f.name("private_key"), "must be a string, " + example);
        if (v.asText().length() > MAX_PRIVATE_KEY) throw new CredentialException(f.name("private_key"), "is too long for a key");
        return v.asText();
    }

    private void checkKey(String pem, String field) {
        try {
            ServiceAccountCredentials.newBuilder().setPrivateKeyString(pem);
        } catch (IOException | RuntimeException e) {
            // The library's message may quote the text; say only what is wrong.
            throw new CredentialException(field, "does not parse as a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----…);"
                    + " paste the key file's private_key unchanged");
        }
    }

    private static JsonNode text(String text) {
        try {
            return Json.parse(text.strip().getBytes(StandardCharsets.UTF_8));
        } catch (MalformedJsonException e) {
            throw new CredentialException("service_account", "is not valid JSON; paste the key file whole");
        }
    }

    /** The service account's PEM private key. */
    public String privateKey() {
        return serviceAccount.path("private_key").asText();
    }

    /** The host calls go to: {@code aiplatform.googleapis.com} for {@code global}, else {@code <region>-aiplatform.googleapis.com}. */
    public String host() {
        return region.equals("global") ? "aiplatform.googleapis.com" : region + "-aiplatform.googleapis.com";
    }

    @Override
    public Form form() {
        return Form.VERTEX;
    }

    @Override
    public ObjectNode stored() {
        ObjectNode out = Json.object();
        out.set("service_account", serviceAccount.deepCopy());
        return out.put("region", region).put("project_id", projectId);
    }

    @Override
    public ObjectNode shown() {
        ObjectNode out = Json.object().put("client_email", clientEmail).put("project_id", projectId).put("region", region);
        if (privateKeyId != null) out.put("private_key_id", privateKeyId);
        return out;
    }

    @Override
    public List<String> secrets() {
        return List.of(privateKey());
    }

    @Override
    public String masked() {
        return clientEmail;
    }

    @Override
    public String toString() {
        return "VertexCredential[" + clientEmail + ", " + projectId + ", " + region + "]";
    }
}
