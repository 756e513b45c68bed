package dev.anyrouter.providers.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A cloud's structured credential: what a user pastes for Azure OpenAI, Amazon Bedrock or Vertex AI
 * instead of a single key, read from any of the forms each accepts and checked field by field
 * ({@link CredentialException} names the field at fault). It is sealed whole (its {@link #stored()}
 * form); only {@link #shown()} fields and {@link #masked()} are ever shown again.
 */
public sealed interface CloudCredential permits AzureCredential, BedrockCredential, VertexCredential {

    /** Which cloud's credential a provider takes. */
    enum Form {
        AZURE, BEDROCK, VERTEX;

        /**
         * Reads {@code key} (a JSON object or array, or its JSON text) as this form's credential.
         *
         * @throws CredentialException naming the field at fault
         */
        public CloudCredential parse(JsonNode key) {
            JsonNode node = key;
            if (node != null && node.isTextual()) node = fromText(node.asText());
            if (node == null || node.isNull() || node.isMissingNode()) throw new CredentialException("key", "is required: " + example());
            return switch (this) {
                case AZURE -> AzureCredential.parse(node);
                case BEDROCK -> BedrockCredential.parse(node);
                case VERTEX -> VertexCredential.parse(node);
            };
        }

        /** One example of the form, for messages and the dialog. */
        public String example() {
            return switch (this) {
                case AZURE -> AzureCredential.EXAMPLE;
                case BEDROCK -> BedrockCredential.EXAMPLE;
                case VERTEX -> VertexCredential.EXAMPLE;
            };
        }

        private JsonNode fromText(String text) {
            String trimmed = text.strip();
            if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
                throw new CredentialException("key", "must be a JSON object, such as " + example());
            }
            try {
                return Json.parse(trimmed.getBytes(StandardCharsets.UTF_8));
            } catch (MalformedJsonException e) {
                // The parser's own message quotes the text near the error, which may be a secret.
                throw new CredentialException("key", "is not valid JSON; paste the whole object, such as " + example());
            }
        }
    }

    Form form();

    /** The whole credential as it is sealed: one of the accepted forms, read back by {@link Form#parse}. */
    ObjectNode stored();

    /** The fields that are not secret (region, resource, deployments, project), as they may be shown and edited. */
    ObjectNode shown();

    /** Every secret value it holds (keys, the private key), for scrubbing any text an upstream sends back. */
    List<String> secrets();

    /** A short form that identifies it in a list and gives nothing away. */
    String masked();

    /** Reads a stored credential's text (from the vault) as {@code form}. */
    static CloudCredential open(Form form, String sealedText) {
        return form.parse(Json.parse(sealedText.getBytes(StandardCharsets.UTF_8)));
    }
}
