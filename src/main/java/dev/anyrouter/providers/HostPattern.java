package dev.anyrouter.providers;

import java.util.Locale;

/**
 * One host a credential may be sent to, as the catalog's {@code hosts:} and the operator's
 * {@code --upstream-hosts} write it: {@code api.openai.com}, {@code *.api.x.ai} (any name ending in
 * {@code .api.x.ai}, not the name itself), either with {@code :PORT}. A {@code *} anywhere else
 * stands for part of one label and never a dot, for the clouds' regional hosts:
 * {@code bedrock-runtime.*.amazonaws.com} (one label: the region), {@code *-aiplatform.googleapis.com}
 * ({@code us-east5-aiplatform…}). Without a port only the scheme's default port matches (443 for
 * https), so a listed host does not open its other ports.
 *
 * @param name the lower-case host, without the {@code *.} of a leading wildcard; it may hold a
 *     {@code *} within a label
 * @param wildcard whether any name below {@code name} matches (and {@code name} itself does not)
 * @param port the one port that matches, or -1 for the scheme's default
 */
public record HostPattern(String name, boolean wildcard, int port) {

    private static final String LABEL = "([a-z0-9*]([a-z0-9*-]*[a-z0-9*])?)";

    public HostPattern {
        if (name == null || !name.matches(LABEL + "(\\." + LABEL + ")*")) {
            throw new IllegalArgumentException("a host must be a DNS name such as api.example.com, got '" + name + "'");
        }
        for (String label : name.split("\\.", -1)) {
            if (label.chars().filter(c -> c == '*').count() > 1) {
                throw new IllegalArgumentException("a label may hold one '*' (part of one label), got '" + name + "'");
            }
        }
        if (name.contains("*") && name.substring(name.lastIndexOf('.') + 1).contains("*")) {
            throw new IllegalArgumentException("the top-level label cannot be a wildcard, got '" + name + "'");
        }
        if (name.contains("*") && name.indexOf('.') == name.lastIndexOf('.')) {
            throw new IllegalArgumentException("a '*' must be below a domain of at least two labels, got '" + name + "'");
        }
        if (wildcard && name.indexOf('.') < 0) {
            throw new IllegalArgumentException("a wildcard must name a domain of at least two labels (*.example.com), got '*." + name + "'");
        }
        if (port != -1 && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("a port must be between 1 and 65535, got " + port);
        }
    }

    /**
     * Reads {@code HOST}, {@code HOST:PORT}, {@code *.DOMAIN} or {@code *.DOMAIN:PORT}.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static HostPattern parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("a host must not be empty");
        String rest = text.strip().toLowerCase(Locale.ROOT);
        if (rest.contains("/") || rest.contains("@") || rest.startsWith("[")) {
            throw new IllegalArgumentException("a host is a name with an optional :PORT (no scheme, path or address literal), got '"
                    + text.strip() + "'");
        }
        int port = -1;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            String digits = rest.substring(colon + 1);
            if (!digits.matches("[0-9]{1,5}")) throw new IllegalArgumentException("the port in '" + text.strip() + "' is not a number");
            port = Integer.parseInt(digits);
            rest = rest.substring(0, colon);
        }
        boolean wildcard = rest.startsWith("*.");
        return new HostPattern(wildcard ? rest.substring(2) : rest, wildcard, port);
    }

    /**
     * Whether a URL's host and port are this pattern's.
     *
     * @param host the URL's host as {@link java.net.URI#getHost()} gives it
     * @param port the URL's port, or -1 when it names none
     * @param defaultPort the port the URL's scheme implies (443 for https)
     */
    public boolean matches(String host, int port, int defaultPort) {
        if (host == null) return false;
        int effective = port > 0 ? port : defaultPort;
        if (effective != (this.port > 0 ? this.port : defaultPort)) return false;
        if (name.indexOf('*') < 0) {
            // Compared in place, without copies: this runs for every upstream call.
            int length = host.endsWith(".") ? host.length() - 1 : host.length(); // the root label names the same host
            if (!wildcard) return length == name.length() && host.regionMatches(true, 0, name, 0, length);
            int start = length - name.length();
            return start >= 2 && host.charAt(start - 1) == '.' && host.regionMatches(true, start, name, 0, name.length());
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) lower = lower.substring(0, lower.length() - 1); // the root label names the same host
        if (!wildcard) return labelsMatch(lower);
        int dot = lower.indexOf('.');
        // A leading *. matches any name below: try each suffix that starts after a dot.
        while (dot >= 0) {
            if (labelsMatch(lower.substring(dot + 1))) return true;
            dot = lower.indexOf('.', dot + 1);
        }
        return false;
    }

    /** Whether {@code host} is {@code name}, a {@code *} in a label standing for one or more characters of that label. */
    private boolean labelsMatch(String host) {
        String[] want = name.split("\\.", -1);
        String[] got = host.split("\\.", -1);
        if (want.length != got.length) return false;
        for (int i = 0; i < want.length; i++) {
            String w = want[i];
            int star = w.indexOf('*');
            if (star < 0) {
                if (!w.equals(got[i])) return false;
                continue;
            }
            String prefix = w.substring(0, star);
            String suffix = w.substring(star + 1);
            String g = got[i];
            if (g.length() <= prefix.length() + suffix.length() || !g.startsWith(prefix) || !g.endsWith(suffix)) return false;
        }
        return true;
    }

    /** As written in the catalog: {@code *.api.x.ai}, {@code llm.internal:8000}. */
    @Override
    public String toString() {
        return (wildcard ? "*." : "") + name + (port > 0 ? ":" + port : "");
    }
}
