package dev.anyrouter.accounts;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The shape of an AnyRouter API key: {@code sk-ar-v1-} + 32 random base62 characters (about 190
 * bits) + 6 base62 characters of the CRC32 of the random part. The checksum lets a secret scanner,
 * or our own auth path, reject a mistyped or made-up key offline before any database lookup.
 */
public final class ApiKeyFormat {
    /** Every key starts with this. */
    public static final String PREFIX = "sk-ar-v1-";
    static final int RANDOM_CHARS = 32;
    static final int CHECKSUM_CHARS = 6;
    /** Total length of a key. */
    public static final int LENGTH = PREFIX.length() + RANDOM_CHARS + CHECKSUM_CHARS;
    private static final int DISPLAY_CHARS = 13;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private ApiKeyFormat() {}

    /** A new random key. */
    public static String generate(SecureRandom r) {
        Objects.requireNonNull(r);
        StringBuilder body = new StringBuilder(RANDOM_CHARS);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            body.append(BASE62.charAt(r.nextInt(BASE62.length())));
        }
        return PREFIX + body + checksum(body);
    }

    /** True when {@code s} has the prefix, the length, only base62 after the prefix, and a matching checksum. */
    public static boolean isWellFormed(String s) {
        if (s == null || s.length() != LENGTH || !s.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (BASE62.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        String body = s.substring(PREFIX.length(), PREFIX.length() + RANDOM_CHARS);
        return checksum(body).equals(s.substring(PREFIX.length() + RANDOM_CHARS));
    }

    /** Lower-case hex SHA-256 of the key: the only form in which a key is stored. */
    public static String sha256Hex(String key) {
        return Sha256.hex(Objects.requireNonNull(key));
    }

    /** What the dashboard shows for a key: its first 13 characters and an ellipsis, e.g. {@code sk-ar-v1-Ab3d…}. */
    public static String displayPrefix(String key) {
        if (key == null || key.length() < DISPLAY_CHARS) {
            throw new IllegalArgumentException("not an AnyRouter API key");
        }
        return key.substring(0, DISPLAY_CHARS) + "…";
    }

    private static String checksum(CharSequence body) {
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_CHARS];
        // 62^6 > 2^32, so six digits hold any CRC32.
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }
}
