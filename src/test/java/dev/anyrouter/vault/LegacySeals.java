package dev.anyrouter.vault;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Seals the way AnyRouter did before destinations were bound (associated data: the row's identity
 * alone, domain {@code anyrouter.vault.v1}), so tests can build a database as the previous version
 * left it and prove the upgrade loses nothing.
 */
public final class LegacySeals {
    private LegacySeals() {}

    /** {@code secret} sealed for the row as the previous version sealed it. */
    public static SealedCredential seal(MasterKey master, String secret, CredentialBinding binding) throws Exception {
        byte[] dataKey = new byte[32];
        new SecureRandom().nextBytes(dataKey);
        AesGcmKey key = AesGcmKey.builder()
                .setParameters(AesGcmParameters.builder().setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
                        .setVariant(AesGcmParameters.Variant.NO_PREFIX).build())
                .setKeyBytes(SecretBytes.copyFrom(dataKey, InsecureSecretKeyAccess.get())).build();
        byte[] ciphertext = AesGcmJce.create(key).encrypt(secret.getBytes(StandardCharsets.UTF_8),
                AssociatedData.legacy(AssociatedData.CREDENTIAL_COLUMN, binding));
        byte[] wrapped = master.primaryAead().encrypt(dataKey, AssociatedData.legacy(AssociatedData.DATA_KEY_COLUMN, binding));
        return new SealedCredential(Base64.getEncoder().encodeToString(ciphertext), Base64.getEncoder().encodeToString(wrapped),
                master.primaryVersion());
    }

    /** The vault probe as the previous version wrote it. */
    public static String probe(MasterKey master) throws Exception {
        SealedCredential sealed = seal(master, "anyrouter master key probe v1",
                new CredentialBinding("anyrouter", "master-key-probe", "anyrouter"));
        return String.join(":", "v1", Integer.toUnsignedString(sealed.keyVersion()), sealed.wrappedKey(), sealed.ciphertext());
    }
}
