package dev.anyrouter.web;

import java.util.List;

/**
 * The part of the key dialog that asks for a cloud's structured credential (Azure OpenAI, Amazon
 * Bedrock, Vertex AI) field by field, instead of one key box. Secret inputs are never filled in,
 * not even after a refusal; on an edit only the fields that may change are inputs, and what the
 * secret was issued for (an access key id, a service account, a resource) is shown beside them.
 *
 * @param example the credential as JSON, for the "expected format" box
 * @param sections the inputs, grouped (a cloud with two ways in has one section for each)
 * @param pasteJson whether the whole credential may be pasted as JSON instead (Azure's list and legacy forms)
 * @param shown what the stored credential is, read only, on an edit (empty when adding)
 */
record CloudFormView(String example, List<Section> sections, boolean pasteJson, List<Shown> shown) {
    /** The form field the pasted JSON comes in as. */
    static final String JSON_FIELD = KeyForms.CLOUD_PREFIX + "json";

    /** A group of inputs, with a line on when to use it. */
    record Section(String legend, String help, List<Input> inputs) {}

    /** A non-secret part of a stored credential that cannot change here, shown as it is. */
    record Shown(String label, String value) {}

    /**
     * One input.
     *
     * @param name the credential's field ({@code region}, {@code resources.0.deployments} on an Azure edit)
     * @param kind {@code text}, {@code secret} (a password box), {@code lines} (a text area of
     *     {@code model = deployment} lines), {@code file} (a text area for a key file, with a file picker) or
     *     {@code choice}
     * @param value what is filled in (never for a secret)
     * @param choices the values of a choice
     * @param invalid whether the last Save was refused for this field
     */
    record Input(String name, String label, String help, String kind, String value, String placeholder, String pattern,
                 boolean required, List<String> choices, boolean invalid) {
        String field() {
            return KeyForms.CLOUD_PREFIX + name;
        }

        String inputId() {
            return "cloud-" + name.replace('.', '-').replace('_', '-');
        }

        boolean is(String k) {
            return kind.equals(k);
        }
    }
}
