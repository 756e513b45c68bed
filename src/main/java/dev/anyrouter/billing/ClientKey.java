package dev.anyrouter.billing;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the sign-up grant limit counts a client by: its IPv4 address, or the /64 network of an IPv6
 * address (one subscriber is routinely handed a whole /64, so single IPv6 addresses are free to
 * farm), stored as a SHA-256 so the table is no list of addresses.
 */
public final class ClientKey {
    /** The counter of all addresses together. */
    static final String ALL = "*";

    private ClientKey() {}

    /** The key of a client address literal ({@code 203.0.113.9}, {@code 2001:db8::1}); never a DNS look-up. */
    public static String of(String address) {
        String network;
        try {
            InetAddress parsed = InetAddress.ofLiteral(stripBrackets(address));
            if (parsed instanceof Inet6Address v6 && !isMappedV4(v6)) {
                byte[] bytes = v6.getAddress();
                network = HexFormat.of().formatHex(bytes, 0, 8) + "/64";
            } else {
                network = parsed.getHostAddress();
            }
        } catch (IllegalArgumentException | NullPointerException notAnAddress) {
            network = "unparsed:" + address; // still counted, by its text
        }
        return sha256(network);
    }

    private static boolean isMappedV4(Inet6Address v6) {
        byte[] b = v6.getAddress();
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static String stripBrackets(String address) {
        return address != null && address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships SHA-256", e);
        }
    }
}
