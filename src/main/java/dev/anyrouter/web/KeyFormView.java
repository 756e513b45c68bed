package dev.anyrouter.web;

import java.util.List;

/**
 * The "Add key" / "Edit key" dialog. The key field is write-only: it is never filled in, not
 * even after a rejection, and an edit has no key field at all.
 *
 * @param keyId null when adding
 * @param cloud a cloud's structured credential, asked for field by field in place of the key; null for a key of one string
 * @param error the provider's reason (or the field that is wrong) from the last Save, or null
 */
record KeyFormView(String csrfToken, String providerId, String providerName, String keyHint, String docsUrl,
                   String defaultBaseUrl, String keyId, String alias, String priority, String weight, String baseUrl,
                   List<ScopeChoice> scope, List<HeaderField> headers, List<CredentialInput> credential,
                   CloudFormView cloud, boolean keyOptional, boolean selfHosted, String error) {

    boolean adding() {
        return keyId == null;
    }

    String action() {
        return adding() ? "/byok" : "/byok/" + keyId;
    }

    String title() {
        return adding() ? "Add " + providerName + " key" : "Edit " + alias;
    }

    /**
     * A named part of the credential beyond the key (an account id, a region, a plan), which picks the
     * provider's URL: a select when the catalog lists its values, else a text input with the row's rule.
     */
    record CredentialInput(String name, String label, String help, List<Option> options, String value, String pattern,
                           boolean required) {
        String field() {
            return KeyForms.CREDENTIAL_PREFIX + name;
        }

        String inputId() {
            return "credential-" + name;
        }

        boolean choice() {
            return !options.isEmpty();
        }
    }

    /** One value of a credential choice. */
    record Option(String value, boolean selected) {}

    /** One of the account's AnyRouter API keys, which may be allowed to use this key. */
    record ScopeChoice(String id, String label, boolean checked) {}

    /** A header the provider takes; its value is never shown back (it may be a credential), only whether it is set. */
    record HeaderField(String name, boolean set) {
        String field() {
            return KeyForms.HEADER_PREFIX + name;
        }
    }

    @Override
    public String toString() {
        return "KeyFormView[provider=" + providerId + ", keyId=" + keyId + "]";
    }
}
