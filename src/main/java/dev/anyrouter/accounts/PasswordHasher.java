package dev.anyrouter.accounts;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes dashboard passwords with Argon2id (OWASP's baseline: 19 MiB, 2 passes, 1 lane) into a
 * PHC-style string, {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, so the parameters travel
 * with each hash and can be raised later without invalidating old ones. Verification compares in
 * constant time. Hashing is deliberately slow (tens of milliseconds): never call it on an event loop.
 * Every hash and verification holds one of the {@link HashPermits}, so a burst cannot take the heap.
 */
public final class PasswordHasher {
    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    // Bounds on parameters read back from a stored hash, so a corrupt row cannot exhaust memory.
    private static final int MAX_MEMORY_KIB = 262_144;
    private static final int MAX_ITERATIONS = 16;
    private static final int MAX_PARALLELISM = 16;

    private final SecureRandom random;
    private final HashPermits permits;

    /** A hasher drawing salts from {@code random}, computing up to two hashes at once. */
    public PasswordHasher(SecureRandom random) {
        this(random, new HashPermits(2));
    }

    /** A hasher drawing salts from {@code random}, computing at most as many hashes at once as {@code permits} allows. */
    public PasswordHasher(SecureRandom random, HashPermits permits) {
        this.random = Objects.requireNonNull(random);
        this.permits = Objects.requireNonNull(permits);
    }

    /**
     * A new encoded hash of {@code password} with a fresh random salt.
     *
     * @throws HashingBusyException when no permit came free in time
     */
    public String hash(char[] password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = permits.run(() -> derive(password, new Params(MEMORY_KIB, ITERATIONS, PARALLELISM, salt, HASH_BYTES)));
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /**
     * True when {@code password} matches {@code encoded}; false for a wrong password or a malformed hash.
     *
     * @throws HashingBusyException when no permit came free in time
     */
    public boolean verify(char[] password, String encoded) {
        Objects.requireNonNull(password, "password");
        Encoded parsed = Encoded.parse(encoded);
        if (parsed == null) {
            return false;
        }
        byte[] actual = permits.run(() -> derive(password, parsed.params()));
        return MessageDigest.isEqual(actual, parsed.hash());
    }

    private static byte[] derive(char[] password, Params p) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKib())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .withSalt(p.salt())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[p.hashBytes()];
        generator.generateBytes(password, out);
        return out;
    }

    private record Params(int memoryKib, int iterations, int parallelism, byte[] salt, int hashBytes) {}

    private record Encoded(Params params, byte[] hash) {
        /** The parsed hash, or null when {@code s} is not an Argon2id v19 string within bounds. */
        static Encoded parse(String s) {
            if (s == null) {
                return null;
            }
            String[] parts = s.split("\\$", -1);
            if (parts.length != 6 || !parts[0].isEmpty() || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
                return null;
            }
            try {
                int m = -1;
                int t = -1;
                int p = -1;
                for (String kv : parts[3].split(",", -1)) {
                    if (kv.startsWith("m=")) {
                        m = Integer.parseInt(kv.substring(2));
                    } else if (kv.startsWith("t=")) {
                        t = Integer.parseInt(kv.substring(2));
                    } else if (kv.startsWith("p=")) {
                        p = Integer.parseInt(kv.substring(2));
                    } else {
                        return null;
                    }
                }
                byte[] salt = Base64.getDecoder().decode(parts[4]);
                byte[] hash = Base64.getDecoder().decode(parts[5]);
                boolean inBounds = p >= 1 && p <= MAX_PARALLELISM
                        && t >= 1 && t <= MAX_ITERATIONS
                        && m >= 8 * p && m <= MAX_MEMORY_KIB
                        && salt.length >= 8 && hash.length >= 16 && hash.length <= 64;
                return inBounds ? new Encoded(new Params(m, t, p, salt, hash.length), hash) : null;
            } catch (IllegalArgumentException malformed) {
                return null;
            }
        }
    }
}
