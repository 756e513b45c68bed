package dev.anyrouter.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Seals and opens stored credentials by envelope encryption.
 *
 * <p>Every {@link #seal} draws a fresh random 256-bit data key, encrypts the credential with it
 * (AES-256-GCM), then wraps the data key with the master key's primary version. Both ciphertexts carry
 * the row's {@link CredentialBinding} (plus a column label) as associated data, so neither the
 * credential nor its wrapped key opens in another row, and the two cannot be swapped between rows.
 * {@link #open} unwraps with the master-key version recorded in the sealed credential.
 *
 * <p>Instances are immutable and thread-safe. Opening is pure CPU (two AES-GCM decryptions), but
 * callers on an event loop should still cache or offload, per the design.
 */
public final class KeyVault {

    private static final int DATA_KEY_BYTES = 32;
    private static final AesGcmParameters DATA_KEY_PARAMETERS = dataKeyParameters();
    private static final CredentialBinding PROBE_BINDING =
            new CredentialBinding("anyrouter", "master-key-probe", "anyrouter");
    private static final String PROBE_MARKER = "anyrouter master key probe v1";
    private static final String PROBE_FORMAT = "v1";

    private final MasterKey master;
    private final SecureRandom random;

    private KeyVault(MasterKey master, SecureRandom random) {
        this.master = Objects.requireNonNull(master, "master");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A vault over {@code master}, drawing data keys from a new {@link SecureRandom}. */
    public static KeyVault fromMasterKey(MasterKey master) {
        return new KeyVault(master, new SecureRandom());
    }

    /** A vault over {@code master}, drawing data keys from {@code random}. */
    public static KeyVault fromMasterKey(MasterKey master, SecureRandom random) {
        return new KeyVault(master, random);
    }

    /** Encrypts {@code secret} for the row named by {@code binding}, under a new data key. */
    public SealedCredential seal(Secret secret, CredentialBinding binding) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(binding, "binding");
        byte[] dataKey = new byte[DATA_KEY_BYTES];
        random.nextBytes(dataKey);
        byte[] plaintext = secret.reveal().getBytes(StandardCharsets.UTF_8);
        try {
            byte[] ciphertext = dataKeyAead(dataKey).encrypt(plaintext, AssociatedData.credential(binding));
            return wrap(ciphertext, dataKey, binding);
        } catch (GeneralSecurityException e) {
            throw new VaultException("sealing the credential for row " + binding.rowId() + " failed", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Decrypts a credential sealed for the row named by {@code binding}.
     *
     * @throws VaultException when it was sealed for another row, under another master key, or was altered
     */
    public Secret open(SealedCredential sealed, CredentialBinding binding) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(binding, "binding");
        byte[] ciphertext = decode(sealed.ciphertext(), "ciphertext", binding);
        byte[] dataKey = unwrap(sealed, binding);
        byte[] plaintext = null;
        try {
            plaintext = dataKeyAead(dataKey).decrypt(ciphertext, AssociatedData.credential(binding));
            return Secret.of(new String(plaintext, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw doesNotOpen(binding);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    /**
     * Re-wraps the data key of {@code sealed} under the master key's current primary version, leaving
     * the credential ciphertext as it is: what a background job runs on every row after a rotation.
     */
    public SealedCredential rewrap(SealedCredential sealed, CredentialBinding binding) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(binding, "binding");
        byte[] ciphertext = decode(sealed.ciphertext(), "ciphertext", binding);
        byte[] dataKey = unwrap(sealed, binding);
        try {
            // Prove the pair still belongs together before giving it a new wrapping.
            dataKeyAead(dataKey).decrypt(ciphertext, AssociatedData.credential(binding));
            return wrap(ciphertext, dataKey, binding);
        } catch (GeneralSecurityException e) {
            throw doesNotOpen(binding);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The master-key version new seals are wrapped with; rows on another version are due a {@link #rewrap}. */
    public int currentKeyVersion() {
        return master.primaryVersion();
    }

    /**
     * A fixed marker sealed under a fixed binding, to be stored once beside the data so that a later
     * start can tell, with {@link #opensProbe}, whether it was given the same master key.
     */
    public String probe() {
        SealedCredential sealed = seal(Secret.of(PROBE_MARKER), PROBE_BINDING);
        return String.join(":", PROBE_FORMAT, Integer.toUnsignedString(sealed.keyVersion()),
                sealed.wrappedKey(), sealed.ciphertext());
    }

    /** True when {@code probe} (from {@link #probe}) opens under this vault's master key; false for anything else. */
    public boolean opensProbe(String probe) {
        if (probe == null) {
            return false;
        }
        String[] parts = probe.split(":", -1);
        if (parts.length != 4 || !parts[0].equals(PROBE_FORMAT)) {
            return false;
        }
        try {
            int version = Integer.parseUnsignedInt(parts[1]);
            Secret opened = open(new SealedCredential(parts[3], parts[2], version), PROBE_BINDING);
            return MessageDigest.isEqual(opened.reveal().getBytes(StandardCharsets.UTF_8),
                    PROBE_MARKER.getBytes(StandardCharsets.UTF_8));
        } catch (NumberFormatException | VaultException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "KeyVault[" + master + "]";
    }

    private SealedCredential wrap(byte[] ciphertext, byte[] dataKey, CredentialBinding binding)
            throws GeneralSecurityException {
        byte[] wrappedKey = master.primaryAead().encrypt(dataKey, AssociatedData.dataKey(binding));
        Base64.Encoder base64 = Base64.getEncoder();
        return new SealedCredential(base64.encodeToString(ciphertext), base64.encodeToString(wrappedKey),
                master.primaryVersion());
    }

    private byte[] unwrap(SealedCredential sealed, CredentialBinding binding) {
        Aead keyEncryptionKey = master.aeadFor(sealed.keyVersion()).orElseThrow(() -> new VaultException(
                "the credential in row " + binding.rowId() + " was sealed under master key version "
                        + Integer.toUnsignedString(sealed.keyVersion())
                        + ", which the loaded master key does not hold: start with the master key that sealed it"));
        byte[] wrappedKey = decode(sealed.wrappedKey(), "wrapped key", binding);
        byte[] dataKey;
        try {
            dataKey = keyEncryptionKey.decrypt(wrappedKey, AssociatedData.dataKey(binding));
        } catch (GeneralSecurityException e) {
            throw doesNotOpen(binding);
        }
        if (dataKey.length != DATA_KEY_BYTES) {
            Arrays.fill(dataKey, (byte) 0);
            throw doesNotOpen(binding);
        }
        return dataKey;
    }

    private static Aead dataKeyAead(byte[] dataKey) throws GeneralSecurityException {
        AesGcmKey key = AesGcmKey.builder()
                .setParameters(DATA_KEY_PARAMETERS)
                .setKeyBytes(SecretBytes.copyFrom(dataKey, InsecureSecretKeyAccess.get()))
                .build();
        return AesGcmJce.create(key);
    }

    private static byte[] decode(String base64, String column, CredentialBinding binding) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new VaultException("the " + column + " stored in row " + binding.rowId() + " is not valid base64");
        }
    }

    private static VaultException doesNotOpen(CredentialBinding binding) {
        return new VaultException("the credential in row " + binding.rowId() + " (provider " + binding.provider()
                + ") does not open: it was sealed for another row or under another master key, or was altered");
    }

    private static AesGcmParameters dataKeyParameters() {
        try {
            // No Tink output prefix: a data key is used once, for one ciphertext, and never looked up by id.
            return AesGcmParameters.builder()
                    .setKeySizeBytes(DATA_KEY_BYTES)
                    .setIvSizeBytes(12)
                    .setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
