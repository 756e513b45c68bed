package dev.anyrouter.billing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the sign-up grant limit counts a client by, as stored: the SHA-256 of the address key the
 * caller counts by (accounts' {@code SignIn.addressKey}: an IPv4 address, or an IPv6 address's /64),
 * so the table is no list of addresses.
 */
final class ClientKey {
    /** The counter of all addresses together. */
    static final String ALL = "*";

    private ClientKey() {}

    /** The stored form of an address key. */
    static String of(String addressKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(addressKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships SHA-256", e);
        }
    }
}
