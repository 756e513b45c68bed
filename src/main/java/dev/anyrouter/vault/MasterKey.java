package dev.anyrouter.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The master key-encryption key: a Tink AEAD keyset kept outside the database, whose primary version
 * wraps new data keys and whose every enabled version unwraps old ones.
 *
 * <p>{@link #load} looks for it in this order: the {@code ANYROUTER_MASTER_KEY} environment variable
 * (a Tink JSON keyset, plain or base64), then {@code <dataDir>/master-key.json}; when neither exists
 * it generates a new AES256_GCM keyset and writes that file with permissions 0600. {@link #rotate}
 * adds a new primary version and keeps the old ones, so rows sealed before a rotation still open.
 *
 * <p>{@link #toString()} shows only the primary version; key bytes leave this class only through the
 * file it writes.
 */
public final class MasterKey {

    /** Environment variable that holds the keyset, taking precedence over the file. */
    public static final String ENV_VAR = "ANYROUTER_MASTER_KEY";
    /** Name of the keyset file inside the data directory. */
    public static final String FILE_NAME = "master-key.json";

    static {
        try {
            // Registers Tink's AEAD key types and their serializations; idempotent.
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The outcome of {@link #load}.
     *
     * @param key the master key
     * @param created true when no key existed and a new one was generated and written: the caller
     *     should tell the operator, in one line, to back the file up
     * @param source {@code "env"} or the path of the keyset file
     */
    public record LoadedMasterKey(MasterKey key, boolean created, String source) {}

    private final KeysetHandle keyset;
    private final MasterKeyOrigin origin;
    private final int primaryVersion;
    private final Map<Integer, Aead> aeadByVersion;

    private MasterKey(KeysetHandle keyset, MasterKeyOrigin origin, String sourceLabel) {
        this(keyset, origin, aeadPerEnabledVersion(keyset, sourceLabel));
    }

    private MasterKey(KeysetHandle keyset, MasterKeyOrigin origin, Map<Integer, Aead> aeadByVersion) {
        this.keyset = keyset;
        this.origin = origin;
        this.primaryVersion = keyset.getPrimary().getId();
        this.aeadByVersion = Map.copyOf(aeadByVersion);
    }

    /** Loads the master key from the environment or the data directory, creating it if absent. */
    public static LoadedMasterKey load(Map<String, String> env, Path dataDir) {
        return load(env, dataDir, null);
    }

    /**
     * Loads the master key from the environment, else from {@code keyFile} (the operator's
     * {@code ANYROUTER_MASTER_KEY_FILE}, outside the data directory) when given, else from
     * {@code <dataDir>/master-key.json}; the file is created (0600, its directory 0700) when absent.
     */
    public static LoadedMasterKey load(Map<String, String> env, Path dataDir, Path keyFile) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(dataDir, "dataDir");
        String fromEnv = env.get(ENV_VAR);
        // A blank variable is what `VAR=${VAR}` in a compose file yields when unset: treat it as unset.
        if (fromEnv != null && !fromEnv.isBlank()) {
            MasterKey key = parse(EnvKeyset.decode(fromEnv), new MasterKeyOrigin.FromEnv(dataDir), ENV_VAR);
            return new LoadedMasterKey(key, false, "env");
        }
        Path file = keyFile(env, dataDir, keyFile).orElseThrow();
        KeysetFile.Loaded loaded = KeysetFile.readOrCreate(file, MasterKey::newKeysetJson);
        MasterKey key = parse(loaded.json(), new MasterKeyOrigin.FromFile(file), file.toString());
        return new LoadedMasterKey(key, loaded.created(), file.toString());
    }

    /** The keyset file {@link #load} reads with these arguments; empty when the key comes from the environment. */
    public static Optional<Path> keyFile(Map<String, String> env, Path dataDir, Path keyFile) {
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) return Optional.empty();
        return Optional.of(keyFile != null ? keyFile : dataDir.resolve(FILE_NAME));
    }

    /** A fresh master key held only in memory (tests, one-off tools); {@link #rotate} does not persist it. */
    public static MasterKey generate() {
        return parse(newKeysetJson(), new MasterKeyOrigin.InMemory(), "generated keyset");
    }

    /**
     * Adds a new AES256_GCM version and makes it primary; older versions stay enabled so everything
     * sealed under them still opens. A key loaded from a file is written back (atomically, 0600)
     * before this returns; a key from the environment cannot be rewritten and is refused.
     */
    public MasterKey rotate() {
        if (origin instanceof MasterKeyOrigin.FromEnv(Path dataDir)) {
            throw new VaultException("the master key comes from " + ENV_VAR + ", which AnyRouter cannot update;"
                    + " to rotate, move its value into " + dataDir.resolve(FILE_NAME)
                    + " (permissions 0600), unset the variable, and rotate again");
        }
        KeysetHandle rotated;
        try {
            rotated = KeysetHandle.newBuilder(keyset)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId()
                            .makePrimary())
                    .build();
        } catch (GeneralSecurityException e) {
            throw new VaultException("could not add a new master key version", e);
        }
        if (origin instanceof MasterKeyOrigin.FromFile(Path file)) {
            KeysetFile.replace(file, serialize(rotated));
            return new MasterKey(rotated, origin, file.toString());
        }
        return new MasterKey(rotated, origin, "rotated keyset");
    }

    /** Reads the keyset file again (a running gateway does, when a rotation rewrote it). */
    public static MasterKey read(Path file) {
        return parse(KeysetFile.readExisting(file), new MasterKeyOrigin.FromFile(file), file.toString());
    }

    /** The keyset file this key was read from and a rotation rewrites; empty for a key from the environment or memory. */
    public Optional<Path> file() {
        return origin instanceof MasterKeyOrigin.FromFile(Path file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * This key, still able to unwrap every version {@code older} could: what a running process
     * adopts when the file changes, so that nothing it read before a version was retired from the
     * file stops opening. The retired version leaves memory at the next start.
     */
    public MasterKey retaining(MasterKey older) {
        Map<Integer, Aead> union = new HashMap<>(older.aeadByVersion);
        union.putAll(aeadByVersion);
        return new MasterKey(keyset, origin, union);
    }

    /**
     * The versions in the keyset, in the order they were added (the last is the newest); those a
     * running process retains from earlier files are not among them.
     */
    public List<Integer> versionsInOrder() {
        List<Integer> ids = new java.util.ArrayList<>();
        for (int i = 0; i < keyset.size(); i++) ids.add(keyset.getAt(i).getId());
        return List.copyOf(ids);
    }

    /**
     * The first step of a rotation: adds a new AES256_GCM version that unwraps but does not yet wrap
     * (it is not primary), so that every process can learn it before anything is sealed under it.
     * The file is written (atomically, 0600) before this returns.
     */
    public MasterKey stageNewVersion() {
        Path file = requireFile("rotate");
        try {
            KeysetHandle staged = KeysetHandle.newBuilder(keyset)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId())
                    .build();
            return persist(file, staged);
        } catch (GeneralSecurityException e) {
            throw new VaultException("could not add a new master key version", e);
        }
    }

    /** Makes {@code version} the one new seals are wrapped with; the file is written before this returns. */
    public MasterKey promote(int version) {
        Path file = requireFile("rotate");
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
            builder.getAt(indexOf(version)).makePrimary();
            return persist(file, builder.build());
        } catch (GeneralSecurityException e) {
            throw new VaultException("could not make master key version " + Integer.toUnsignedString(version) + " primary", e);
        }
    }

    /**
     * Removes {@code version} from the keyset file: nothing can be unwrapped with it after the next
     * start. Call only when no stored row is wrapped under it; the primary cannot be retired.
     */
    public MasterKey retire(int version) {
        Path file = requireFile("retire a version");
        if (version == primaryVersion) throw new VaultException("the primary master key version cannot be retired");
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
            builder.deleteAt(indexOf(version));
            return persist(file, builder.build());
        } catch (GeneralSecurityException e) {
            throw new VaultException("could not retire master key version " + Integer.toUnsignedString(version), e);
        }
    }

    private int indexOf(int version) {
        for (int i = 0; i < keyset.size(); i++) {
            if (keyset.getAt(i).getId() == version) return i;
        }
        throw new VaultException("the master key holds no version " + Integer.toUnsignedString(version));
    }

    private Path requireFile(String what) {
        if (origin instanceof MasterKeyOrigin.FromFile(Path file)) return file;
        if (origin instanceof MasterKeyOrigin.FromEnv(Path dataDir)) {
            throw new VaultException("the master key comes from " + ENV_VAR + ", which AnyRouter cannot update;"
                    + " to " + what + ", move its value into a key file (" + dataDir.resolve(FILE_NAME)
                    + " or ANYROUTER_MASTER_KEY_FILE, permissions 0600), unset the variable, and try again");
        }
        throw new VaultException("an in-memory master key has no file to " + what + " in");
    }

    private MasterKey persist(Path file, KeysetHandle handle) {
        KeysetFile.replace(file, serialize(handle));
        return new MasterKey(handle, origin, file.toString());
    }

    /** The version (Tink key id) that wraps new data keys. */
    public int primaryVersion() {
        return primaryVersion;
    }

    /** Every version that can still unwrap, primary included. */
    public List<Integer> versions() {
        return aeadByVersion.keySet().stream().sorted().toList();
    }

    Aead primaryAead() {
        return aeadByVersion.get(primaryVersion);
    }

    Optional<Aead> aeadFor(int version) {
        return Optional.ofNullable(aeadByVersion.get(version));
    }

    @Override
    public String toString() {
        return "MasterKey[redacted, primaryVersion=" + Integer.toUnsignedString(primaryVersion) + "]";
    }

    private static MasterKey parse(String json, MasterKeyOrigin origin, String sourceLabel) {
        KeysetHandle handle;
        try {
            handle = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            // The parser's message may quote the input, which is key material: do not chain it.
            throw new VaultException(sourceLabel + " does not hold a valid Tink JSON keyset");
        }
        return new MasterKey(handle, origin, sourceLabel);
    }

    /**
     * One single-key AEAD per enabled version, so that the version recorded next to a wrapped key is
     * the one that unwraps it (a wrong recorded version fails rather than being silently ignored).
     */
    private static Map<Integer, Aead> aeadPerEnabledVersion(KeysetHandle keyset, String sourceLabel) {
        Map<Integer, Aead> byVersion = new HashMap<>();
        try {
            for (int i = 0; i < keyset.size(); i++) {
                KeysetHandle.Entry entry = keyset.getAt(i);
                if (!entry.getStatus().equals(KeyStatus.ENABLED)) {
                    continue;
                }
                KeysetHandle single = KeysetHandle.newBuilder()
                        .addEntry(KeysetHandle.importKey(entry.getKey()).withFixedId(entry.getId()).makePrimary())
                        .build();
                byVersion.put(entry.getId(), single.getPrimitive(RegistryConfiguration.get(), Aead.class));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VaultException(sourceLabel + " holds a keyset that is not an AEAD keyset (expected AES256_GCM)");
        }
        if (!byVersion.containsKey(keyset.getPrimary().getId())) {
            throw new VaultException(sourceLabel + " holds a keyset whose primary version is not enabled");
        }
        return byVersion;
    }

    private static String newKeysetJson() {
        try {
            return serialize(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        } catch (GeneralSecurityException e) {
            throw new VaultException("could not generate a new master key", e);
        }
    }

    private static String serialize(KeysetHandle handle) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new VaultException("could not serialize the master key", e);
        }
    }
}
