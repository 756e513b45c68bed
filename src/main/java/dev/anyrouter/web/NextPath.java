package dev.anyrouter.web;

/**
 * Where to go after logging in. Only a path on this server is followed, so a crafted login link
 * cannot send the user to another site ("//evil.example", "https://…", "/\evil").
 */
final class NextPath {
    static final String HOME = "/byok";

    private NextPath() {}

    static String safe(String requested) {
        if (requested == null || requested.isEmpty() || requested.length() > 2048) return HOME;
        if (!requested.startsWith("/") || requested.startsWith("//") || requested.startsWith("/\\")) return HOME;
        if (requested.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == '\\')) return HOME;
        if (requested.startsWith("/login") || requested.startsWith("/signup") || requested.startsWith("/logout")) return HOME;
        return requested;
    }
}
