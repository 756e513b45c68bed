package dev.anyrouter.vault;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one definition of what looks like a credential in free text: strings with a known key
 * prefix ({@code sk-}, {@code sk-ant-}, {@code gsk_}, {@code nvapi-}, {@code xai-}, {@code AIza},
 * AnyRouter's own {@code sk-ar-}) and any long run of key-alphabet characters that is not a
 * UUID. Logs and upstream error messages pass through it before anyone sees them.
 */
public final class Redaction {
    public static final String MARK = "[redacted]";

    private static final Pattern KEY_LIKE = Pattern.compile(
            "\\b(?:sk|gsk|nvapi|xai|pk|rk)[-_][A-Za-z0-9_.\\-]{4,}|\\bAIza[A-Za-z0-9_\\-]{8,}|[A-Za-z0-9_\\-]{28,}");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Redaction() {}

    public static String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        Matcher m = KEY_LIKE.matcher(text);
        if (!m.find()) return text;
        StringBuilder out = new StringBuilder(text.length());
        do {
            String hit = m.group();
            boolean keep = UUID.matcher(hit).matches() || isPathOrWord(hit);
            m.appendReplacement(out, Matcher.quoteReplacement(keep ? hit : MARK));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    /** Long identifiers and words (class names, constants) have no digits mixed into letters. */
    private static boolean isPathOrWord(String s) {
        if (s.startsWith("sk-") || s.startsWith("sk_") || s.startsWith("AIza")) return false;
        boolean digit = false, letter = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            digit |= Character.isDigit(c);
            letter |= Character.isLetter(c);
        }
        return !(digit && letter);
    }
}
