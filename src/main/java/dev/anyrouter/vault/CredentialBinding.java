package dev.anyrouter.vault;

import java.util.Objects;

/**
 * The identity of the row a credential is stored in. It is bound into the ciphertext as associated
 * data, so a sealed credential copied to another row (another account, row id or provider) does not
 * open there.
 *
 * @param accountId the owning account
 * @param rowId the database row holding the sealed credential
 * @param provider the provider id the credential is for (e.g. {@code openai})
 */
public record CredentialBinding(String accountId, String rowId, String provider) {

    public CredentialBinding {
        requireText(accountId, "accountId");
        requireText(rowId, "rowId");
        requireText(provider, "provider");
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }
}
