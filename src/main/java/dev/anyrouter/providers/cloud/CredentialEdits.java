package dev.anyrouter.providers.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A change to the fields of a stored cloud credential that are not secret and not the identity a
 * secret belongs to: Bedrock's {@code region}, Vertex's {@code region} and {@code project_id}, an
 * Azure resource's {@code api_version} and {@code deployments}. The change has the shape the
 * credential is shown in ({@link CloudCredential#shown()}); every other field is refused by name,
 * since a secret is replaced by adding a new credential, and an access key id, a service account's
 * email, a resource or an Entra app is what its secret was issued for.
 */
public final class CredentialEdits {
    private static final List<String> BEDROCK = List.of("region");
    private static final List<String> VERTEX = List.of("region", "project_id");
    private static final List<String> AZURE = List.of("api_version", "deployments");

    private CredentialEdits() {}

    /**
     * The credential with {@code change} applied, read again as its form reads any credential (so a
     * value is checked by the same rule as when it was added).
     *
     * @throws CredentialException naming the field that cannot be changed or is wrong
     */
    public static CloudCredential apply(CloudCredential current, JsonNode change) {
        if (change == null || !change.isObject()) throw new CredentialException("credential", "must be an object of the fields to change");
        ObjectNode next = current.stored();
        switch (current.form()) {
            case BEDROCK -> overlay(next, (ObjectNode) change, BEDROCK, "credential.");
            case VERTEX -> overlay(next, (ObjectNode) change, VERTEX, "credential.");
            case AZURE -> azure((ArrayNode) next.get("resources"), (ObjectNode) change);
        }
        return current.form().parse(next);
    }

    private static void azure(ArrayNode resources, ObjectNode change) {
        change.fieldNames().forEachRemaining(name -> {
            if (!name.equals("resources")) refuse("credential." + name, AZURE);
        });
        JsonNode changed = change.get("resources");
        if (changed == null) return;
        if (!changed.isArray() || changed.size() != resources.size()) {
            throw new CredentialException("credential.resources", "must list the " + resources.size()
                    + " resource(s) in the order they are shown, each with the fields to change");
        }
        for (int i = 0; i < changed.size(); i++) {
            if (!changed.get(i).isObject()) throw new CredentialException("credential.resources[" + i + "]", "must be an object");
            overlay((ObjectNode) resources.get(i), (ObjectNode) changed.get(i), AZURE, "credential.resources[" + i + "].");
        }
    }

    /** Copies each field of {@code change} into {@code target}; a null value removes an optional field. */
    private static void overlay(ObjectNode target, ObjectNode change, List<String> editable, String where) {
        change.properties().forEach(e -> {
            if (!editable.contains(e.getKey())) refuse(where + e.getKey(), editable);
            if (e.getValue().isNull()) target.remove(e.getKey());
            else target.set(e.getKey(), e.getValue());
        });
    }

    private static void refuse(String field, List<String> editable) {
        // A name is echoed only when it reads as a field name: a pasted secret used as one is not.
        String named = field.matches("[a-z0-9_.\\[\\]]{1,64}") ? field : "credential";
        throw new CredentialException(named, "cannot be changed here (only " + String.join(", ", editable)
                + "): to change a secret or what it was issued for, add the new credential and delete this one");
    }
}
