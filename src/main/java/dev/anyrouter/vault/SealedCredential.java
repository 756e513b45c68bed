package dev.anyrouter.vault;

import java.util.Objects;

/**
 * A credential as stored: the credential encrypted under its own data key, that data key wrapped by
 * the master key, and the master-key version that wrapped it (so rows can be re-wrapped after a
 * rotation). All three columns are needed to open it, together with the same {@link CredentialBinding}.
 *
 * @param ciphertext base64 of the AES-256-GCM ciphertext of the credential
 * @param wrappedKey base64 of the data key encrypted by the master key
 * @param keyVersion the Tink key id of the master-key version that wrapped the data key
 */
public record SealedCredential(String ciphertext, String wrappedKey, int keyVersion) {

    public SealedCredential {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
    }

    /** Shows only the key version: even ciphertext stays out of logs. */
    @Override
    public String toString() {
        return "SealedCredential[keyVersion=" + Integer.toUnsignedString(keyVersion) + "]";
    }
}
