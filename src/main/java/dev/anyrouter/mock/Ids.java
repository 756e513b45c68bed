package dev.anyrouter.mock;

import java.util.random.RandomGenerator;

/** Random identifiers in the providers' styles. The generator must be safe to share between threads. */
final class Ids {

    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final RandomGenerator random;

    Ids(RandomGenerator random) {
        this.random = random;
    }

    String alphanumeric(int length) {
        return pick(ALPHANUMERIC, length);
    }

    String hex(int length) {
        return pick(HEX, length);
    }

    /** A length in {@code [min, max]}. */
    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    private String pick(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
