package dev.anyrouter.accounts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new password must be: at least 12 characters (spaces count, so a passphrase of a few
 * words is the easy way there; no rules about digits or capitals), at most 1,024, and none of the
 * few thousand most common passwords, including those with only digits or symbols around them
 * ({@code password2024!}), repeated ({@code qwertyqwerty}) or a run of digits ({@code 123456789012}).
 *
 * <p>The list is {@code accounts/common-passwords.txt}: John the Ripper's {@code password.lst}
 * (3,546 entries, compiled by Solar Designer of the Openwall Project, in the public domain, as
 * shipped by Debian's {@code john-data} package). Nearly all of its entries are shorter than 12
 * characters, which is why the forms built around them are refused too.
 */
public final class PasswordPolicy {
    /** The fewest characters a password may have. */
    public static final int MIN_LENGTH = 12;
    /** The most characters a password may have (hashing is bounded by it). */
    public static final int MAX_LENGTH = 1_024;
    private static final int MIN_CORE = 3;
    private static final String RESOURCE = "/accounts/common-passwords.txt";

    private final Set<String> common;

    private PasswordPolicy(Set<String> common) {
        this.common = Set.copyOf(common);
    }

    /** The policy over the shipped list. */
    public static PasswordPolicy standard() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the jar lacks " + RESOURCE);
            Set<String> words = new HashSet<>();
            try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (!line.isEmpty() && !line.startsWith("#!comment:")) words.add(line.toLowerCase(Locale.ROOT));
                }
            }
            return new PasswordPolicy(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many entries the list holds. */
    int size() {
        return common.size();
    }

    /** Why {@code password} may not be used, as advice to the user; empty when it may. */
    public Optional<String> problem(char[] password) {
        String text = new String(password);
        int length = text.codePointCount(0, text.length());
        if (length < MIN_LENGTH) {
            return Optional.of("choose a password of at least " + MIN_LENGTH
                    + " characters; a passphrase of a few words is easy to remember (spaces count)");
        }
        if (length > MAX_LENGTH) return Optional.of("a password may have at most " + MAX_LENGTH + " characters");
        String lower = text.toLowerCase(Locale.ROOT);
        if (isCommon(lower)) {
            return Optional.of("this password is one of the most common ones, or one of them with digits or symbols added:"
                    + " choose another (a passphrase of a few unrelated words works well)");
        }
        return Optional.empty();
    }

    private boolean isCommon(String lower) {
        if (common.contains(lower)) return true;
        String core = strip(lower);
        if (core.length() >= MIN_CORE && common.contains(core)) return true;
        int period = period(lower);
        if (period < lower.length()) {
            String unit = lower.substring(0, period);
            if (period <= 3 || common.contains(unit) || common.contains(strip(unit))) return true;
        }
        return core.isEmpty() && isDigitRun(lower);
    }

    /** {@code s} without the digits and symbols before its first letter and after its last. */
    private static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && !Character.isLetter(s.charAt(start))) start++;
        while (end > start && !Character.isLetter(s.charAt(end - 1))) end--;
        return s.substring(start, end);
    }

    /** The length of the shortest unit {@code s} repeats, or its own length (prefix function). */
    private static int period(String s) {
        int n = s.length();
        int[] border = new int[n];
        for (int i = 1; i < n; i++) {
            int k = border[i - 1];
            while (k > 0 && s.charAt(i) != s.charAt(k)) k = border[k - 1];
            if (s.charAt(i) == s.charAt(k)) k++;
            border[i] = k;
        }
        int p = n - border[n - 1];
        return n % p == 0 ? p : n;
    }

    /** Digits counting up or down by one, wrapping 9 to 0 ({@code 123456789012}, {@code 987654321098}). */
    private static boolean isDigitRun(String s) {
        for (int step : new int[] {1, 9}) {
            boolean run = true;
            for (int i = 1; i < s.length() && run; i++) {
                char a = s.charAt(i - 1);
                char b = s.charAt(i);
                run = Character.isDigit(a) && Character.isDigit(b) && (a - '0' + step) % 10 == b - '0';
            }
            if (run) return true;
        }
        return false;
    }
}
