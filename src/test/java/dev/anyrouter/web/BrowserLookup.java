package dev.anyrouter.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Which Chromium the dashboard's browser tests drive, so that {@code ./mvnw verify} works on a fresh
 * machine: {@code ANYROUTER_TEST_BROWSER} if set, else Debian's {@code /usr/bin/chromium}, else a Chromium or
 * Chrome on the {@code PATH}, else a browser Playwright itself installed ({@code playwright install chromium},
 * under {@code PLAYWRIGHT_BROWSERS_PATH} or {@code ~/.cache/ms-playwright}). With none of them the tests stop
 * with one line saying what to install, not a launch failure's stack trace.
 */
final class BrowserLookup {
    static final String VARIABLE = "ANYROUTER_TEST_BROWSER";
    static final Path DEBIAN = Path.of("/usr/bin/chromium");
    private static final List<String> ON_PATH = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    /** What was found. */
    sealed interface Found {
        /** An executable to launch. */
        record Executable(Path path) implements Found {}

        /** Playwright's own downloaded browser: launch without an executable path. */
        record Bundled(Path dir) implements Found {}

        /** Nothing usable; {@code line} says what to install. */
        record Missing(String line) implements Found {}
    }

    private BrowserLookup() {}

    /** The lookup on this machine. */
    static Found onThisMachine() {
        return find(System::getenv, DEBIAN, Path.of(System.getProperty("user.home")));
    }

    /** The lookup over {@code env} (a variable's value or null), with Debian's path and the home directory given. */
    static Found find(UnaryOperator<String> env, Path debian, Path home) {
        String chosen = env.apply(VARIABLE);
        if (chosen != null && !chosen.isBlank()) {
            Path path = Path.of(chosen.strip());
            return executable(path) ? new Found.Executable(path)
                    : new Found.Missing(VARIABLE + "=" + chosen.strip() + " is not an executable file: point it at chromium or chrome.");
        }
        if (executable(debian)) return new Found.Executable(debian);
        String path = env.apply("PATH");
        if (path != null) {
            for (String name : ON_PATH) {
                for (String dir : path.split(java.io.File.pathSeparator)) {
                    if (dir.isBlank()) continue;
                    Path candidate = Path.of(dir, name);
                    if (executable(candidate)) return new Found.Executable(candidate);
                }
            }
        }
        for (Path cache : caches(env, home)) {
            if (hasChromium(cache)) return new Found.Bundled(cache);
        }
        return new Found.Missing(missing());
    }

    /** The one line a machine without a browser gets. */
    static String missing() {
        return "The dashboard's browser tests need Chromium: install it (Debian/Ubuntu: apt-get install chromium) or set "
                + VARIABLE + " to a chromium or chrome executable.";
    }

    private static List<Path> caches(UnaryOperator<String> env, Path home) {
        List<Path> out = new ArrayList<>();
        String configured = env.apply("PLAYWRIGHT_BROWSERS_PATH");
        if (configured != null && !configured.isBlank() && !configured.strip().equals("0")) out.add(Path.of(configured.strip()));
        out.add(home.resolve(".cache").resolve("ms-playwright"));
        return out;
    }

    private static boolean hasChromium(Path cache) {
        if (!Files.isDirectory(cache)) return false;
        try (Stream<Path> entries = Files.list(cache)) {
            return entries.anyMatch(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("chromium"));
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static boolean executable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
