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
import java.util.List;
import java.util.Objects;

/**
 * Seals and opens stored credentials by envelope encryption.
 *
 * <p>Every {@link #seal} draws a fresh random 256-bit data key, encrypts the credential with it
 * (AES-256-GCM), then wraps the data key with the master key's primary version. Both ciphertexts carry
 * the row's {@link CredentialBinding} (plus a column label) as associated data, so neither the
 * credential nor its wrapped key opens in another row or with another destination (base URL,
 * headers), and the two cannot be swapped between rows.
 * {@link #open} unwraps with the master-key version recorded in the sealed credential.
 *
 * <p>Instances are thread-safe. The master key is swapped whole by {@link #adopt} when a rotation
 * rewrites the keyset file; every version the vault could unwrap before stays unwrappable. Opening
 * is pure CPU (two AES-GCM decryptions), but callers on an event loop should still cache or
 * offload, per the design.
 */
public final class KeyVault {

    private static final int DATA_KEY_BYTES = 32;
    private static final AesGcmParameters DATA_KEY_PARAMETERS = dataKeyParameters();
    private static final CredentialBinding PROBE_BINDING =
            new CredentialBinding("anyrouter", "master-key-probe", "anyrouter");
    // v1 probes were written before destinations were bound into the associated data; a v2 probe
    // also says that every row has been re-sealed with its destination (see bindDestination).
    private static final String PROBE_MARKER_BEFORE_DESTINATIONS = "anyrouter master key probe v1";
    private static final String PROBE_FORMAT_BEFORE_DESTINATIONS = "v1";
    private static final String PROBE_MARKER = "anyrouter master key probe v2: destinations bound";
    private static final String PROBE_FORMAT = "v2";

    private volatile MasterKey master;
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
     * @throws VaultException when it was sealed for another row, another destination, under another master key, or was altered
     */
    public Secret open(SealedCredential sealed, CredentialBinding binding) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(binding, "binding");
        return openWith(sealed, binding, Ad.of(binding));
    }

    /**
     * Re-seals a credential sealed before destinations were bound (its associated data the row's
     * identity alone) under {@code binding}'s full associated data, with a new data key: the one-time
     * upgrade of such rows, run at start-up.
     *
     * @throws VaultException when it does not open even as such a row
     */
    public SealedCredential bindDestination(SealedCredential legacy, CredentialBinding binding) {
        Objects.requireNonNull(legacy, "legacy");
        Objects.requireNonNull(binding, "binding");
        return seal(openWith(legacy, binding, Ad.legacy(binding)), binding);
    }

    private Secret openWith(SealedCredential sealed, CredentialBinding binding, Ad ad) {
        byte[] ciphertext = decode(sealed.ciphertext(), "ciphertext", binding);
        byte[] dataKey = unwrap(sealed, binding, ad.dataKey());
        byte[] plaintext = null;
        try {
            plaintext = dataKeyAead(dataKey).decrypt(ciphertext, ad.credential());
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

    /** The associated data of both ciphertexts of a row. */
    private record Ad(byte[] credential, byte[] dataKey) {
        static Ad of(CredentialBinding binding) {
            return new Ad(AssociatedData.credential(binding), AssociatedData.dataKey(binding));
        }

        static Ad legacy(CredentialBinding binding) {
            return new Ad(AssociatedData.legacy(AssociatedData.CREDENTIAL_COLUMN, binding),
                    AssociatedData.legacy(AssociatedData.DATA_KEY_COLUMN, binding));
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
        byte[] dataKey = unwrap(sealed, binding, AssociatedData.dataKey(binding));
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

    /**
     * Takes {@code newer} (the keyset file as a rotation rewrote it) as the master key: its primary
     * wraps from now on, and every version this vault could unwrap stays unwrappable, so no row read
     * before the change stops opening.
     */
    public synchronized void adopt(MasterKey newer) {
        master = newer.retaining(master);
    }

    /** Every master-key version this vault can unwrap. */
    public List<Integer> keyVersions() {
        return master.versions();
    }

    /** The master-key version new seals are wrapped with; rows on another version are due a {@link #rewrap}. */
    public int currentKeyVersion() {
        return master.primaryVersion();
    }

    /** What a stored probe says about this vault's master key and the database beside it. */
    public enum ProbeResult {
        /** It does not open: another master key sealed this database (or the probe is not one). */
        OTHER_KEY,
        /** It opens, and was written before destinations were bound: the rows await {@link #bindDestination}. */
        BEFORE_DESTINATIONS,
        /** It opens, and every row is sealed with its destination bound. */
        CURRENT
    }

    /**
     * A fixed marker sealed under a fixed binding, to be stored once beside the data so that a later
     * start can tell, with {@link #readProbe}, whether it was given the same master key, and that the
     * rows are sealed with their destinations bound. It is sealed under the current primary version.
     */
    public String probe() {
        SealedCredential sealed = seal(Secret.of(PROBE_MARKER), PROBE_BINDING);
        return String.join(":", PROBE_FORMAT, Integer.toUnsignedString(sealed.keyVersion()),
                sealed.wrappedKey(), sealed.ciphertext());
    }

    /** True when {@code probe} opens under this vault's master key, whichever format; false for anything else. */
    public boolean opensProbe(String probe) {
        return readProbe(probe) != ProbeResult.OTHER_KEY;
    }

    /** What {@code probe} (from {@link #probe}, or the format before it) says; {@code OTHER_KEY} for anything that does not open. */
    public ProbeResult readProbe(String probe) {
        if (probe == null) {
            return ProbeResult.OTHER_KEY;
        }
        String[] parts = probe.split(":", -1);
        if (parts.length != 4 || !(parts[0].equals(PROBE_FORMAT) || parts[0].equals(PROBE_FORMAT_BEFORE_DESTINATIONS))) {
            return ProbeResult.OTHER_KEY;
        }
        boolean before = parts[0].equals(PROBE_FORMAT_BEFORE_DESTINATIONS);
        try {
            int version = Integer.parseUnsignedInt(parts[1]);
            SealedCredential sealed = new SealedCredential(parts[3], parts[2], version);
            Secret opened = openWith(sealed, PROBE_BINDING, before ? Ad.legacy(PROBE_BINDING) : Ad.of(PROBE_BINDING));
            boolean marker = MessageDigest.isEqual(opened.reveal().getBytes(StandardCharsets.UTF_8),
                    (before ? PROBE_MARKER_BEFORE_DESTINATIONS : PROBE_MARKER).getBytes(StandardCharsets.UTF_8));
            if (!marker) return ProbeResult.OTHER_KEY;
            return before ? ProbeResult.BEFORE_DESTINATIONS : ProbeResult.CURRENT;
        } catch (NumberFormatException | VaultException e) {
            return ProbeResult.OTHER_KEY;
        }
    }

    /** The master-key version the probe is sealed under, or empty when it is not a probe. */
    public static java.util.OptionalInt probeKeyVersion(String probe) {
        String[] parts = probe == null ? new String[0] : probe.split(":", -1);
        try {
            return parts.length == 4 ? java.util.OptionalInt.of(Integer.parseUnsignedInt(parts[1])) : java.util.OptionalInt.empty();
        } catch (NumberFormatException e) {
            return java.util.OptionalInt.empty();
        }
    }

    @Override
    public String toString() {
        return "KeyVault[" + master + "]";
    }

    private SealedCredential wrap(byte[] ciphertext, byte[] dataKey, CredentialBinding binding)
            throws GeneralSecurityException {
        MasterKey current = master; // one read: the version recorded must be the one that wrapped
        byte[] wrappedKey = current.primaryAead().encrypt(dataKey, AssociatedData.dataKey(binding));
        Base64.Encoder base64 = Base64.getEncoder();
        return new SealedCredential(base64.encodeToString(ciphertext), base64.encodeToString(wrappedKey),
                current.primaryVersion());
    }

    private byte[] unwrap(SealedCredential sealed, CredentialBinding binding, byte[] dataKeyAd) {
        Aead keyEncryptionKey = master.aeadFor(sealed.keyVersion()).orElseThrow(() -> new VaultException(
                "the credential in row " + binding.rowId() + " was sealed under master key version "
                        + Integer.toUnsignedString(sealed.keyVersion())
                        + ", which the loaded master key does not hold: start with the master key that sealed it"));
        byte[] wrappedKey = decode(sealed.wrappedKey(), "wrapped key", binding);
        byte[] dataKey;
        try {
            dataKey = keyEncryptionKey.decrypt(wrappedKey, dataKeyAd);
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
                + ") does not open: it was sealed for another row, another base URL or headers, or under another master key,"
                + " or was altered (a change made in the database instead of through AnyRouter)");
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
