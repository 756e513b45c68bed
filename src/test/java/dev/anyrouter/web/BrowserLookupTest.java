package dev.anyrouter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser tests find a browser on a fresh machine, or stop with one line naming what to install. */
class BrowserLookupTest {
    @TempDir
    Path dir;

    final Map<String, String> env = new HashMap<>();

    @Test
    void debiansChromiumIsTakenWhenPresent() throws Exception {
        Path debian = executable(dir.resolve("usr-bin/chromium"));
        env.put("PATH", executable(dir.resolve("bin/google-chrome")).getParent().toString());
        assertThat(find(debian)).isEqualTo(new BrowserLookup.Found.Executable(debian));
    }

    @Test
    void theVariableWinsAndAPathThatIsNoExecutableSaysSoInOneLine() throws Exception {
        Path chosen = executable(dir.resolve("opt/chrome"));
        env.put(BrowserLookup.VARIABLE, chosen.toString());
        assertThat(find(executable(dir.resolve("usr-bin/chromium")))).isEqualTo(new BrowserLookup.Found.Executable(chosen));

        env.put(BrowserLookup.VARIABLE, dir.resolve("nowhere").toString());
        BrowserLookup.Found found = find(dir.resolve("usr-bin/chromium"));
        assertThat(found).isInstanceOf(BrowserLookup.Found.Missing.class);
        assertThat(((BrowserLookup.Found.Missing) found).line()).contains(BrowserLookup.VARIABLE).contains("nowhere").doesNotContain("\n");
    }

    @Test
    void withoutDebiansAChromiumOrChromeOnThePathIsFound() throws Exception {
        Path bin = executable(dir.resolve("bin/chromium-browser")).getParent();
        Files.writeString(dir.resolve("bin/chromium"), "not executable");
        env.put("PATH", dir.resolve("empty") + ":" + bin);
        assertThat(find(dir.resolve("usr-bin/chromium"))).isEqualTo(new BrowserLookup.Found.Executable(bin.resolve("chromium-browser")));
    }

    @Test
    void aBrowserPlaywrightInstalledIsUsedWhenNoneIsOnTheSystem() throws Exception {
        Files.createDirectories(dir.resolve("home/.cache/ms-playwright/chromium-1193/chrome-linux"));
        env.put("PATH", dir.resolve("empty").toString());
        assertThat(find(dir.resolve("usr-bin/chromium"))).isEqualTo(new BrowserLookup.Found.Bundled(dir.resolve("home/.cache/ms-playwright")));

        Files.createDirectories(dir.resolve("pw/chromium_headless_shell-1193"));
        env.put("PLAYWRIGHT_BROWSERS_PATH", dir.resolve("pw").toString());
        assertThat(find(dir.resolve("usr-bin/chromium"))).isEqualTo(new BrowserLookup.Found.Bundled(dir.resolve("pw")));
    }

    @Test
    void aMachineWithNoBrowserStopsTheBrowserTestsWithOneLineNamingWhatToInstall() {
        env.put("PATH", dir.resolve("empty").toString());
        BrowserLookup.Found found = find(dir.resolve("usr-bin/chromium"));
        assertThat(found).isEqualTo(new BrowserLookup.Found.Missing(BrowserLookup.missing()));
        assertThat(BrowserLookup.missing()).contains("apt-get install chromium").contains(BrowserLookup.VARIABLE).doesNotContain("\n");

        assertThatThrownBy(() -> new Browser(found)).isInstanceOf(Browser.NoBrowser.class)
                .hasMessage(BrowserLookup.missing())
                .satisfies(stop -> assertThat(stop.getStackTrace()).as("no stack trace under the line").isEmpty())
                .hasNoCause();
    }

    private BrowserLookup.Found find(Path debian) {
        return BrowserLookup.find(env::get, debian, dir.resolve("home"));
    }

    private static Path executable(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
