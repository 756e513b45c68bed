package dev.anyrouter.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.ScreenshotType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Chromium driven by Playwright: the one {@link BrowserLookup} finds (Debian's first; surefire sets
 * PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD, so nothing is downloaded during a test run). Every response body the
 * pages receive and the DOM at every screenshot are kept, so a test can prove a secret never reached the browser.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;
    final List<String> seen = new ArrayList<>();
    /** Console errors and page errors: a CSP violation (an inline script or style htmx tried) shows up here. */
    final List<String> errors = new ArrayList<>();

    /** Launches the browser found on this machine, or stops with {@link NoBrowser}'s one line. */
    Browser() {
        this(BrowserLookup.onThisMachine());
    }

    Browser(BrowserLookup.Found found) {
        BrowserType.LaunchOptions options = new BrowserType.LaunchOptions().setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", "--disable-sync"));
        switch (found) {
            case BrowserLookup.Found.Missing missing -> throw new NoBrowser(missing.line());
            case BrowserLookup.Found.Executable exe -> options.setExecutablePath(exe.path());
            case BrowserLookup.Found.Bundled bundled -> { }
        }
        Playwright started = Playwright.create();
        try {
            this.browser = started.chromium().launch(options);
        } catch (PlaywrightException e) {
            started.close();
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new NoBrowser("Chromium (" + found + ") did not start: " + first + " — " + BrowserLookup.missing());
        }
        this.playwright = started;
    }

    /** Why the browser tests cannot run here, in one line: no stack trace, since the line says all there is. */
    static final class NoBrowser extends RuntimeException {
        NoBrowser(String line) {
            super(line, null, false, false);
        }
    }

    /** A fresh profile (no cookies) at a laptop's size. */
    Page newPage() {
        return newPage(1280, 860);
    }

    Page newPage(int width, int height) {
        BrowserContext context = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(width, height));
        context.setDefaultTimeout(20_000);
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                synchronized (errors) {
                    errors.add(message.text());
                }
            }
        });
        page.onPageError(error -> {
            synchronized (errors) {
                errors.add(String.valueOf(error));
            }
        });
        page.onResponse(response -> {
            try {
                String body = response.text();
                synchronized (seen) {
                    seen.add(response.url() + "\n" + response.allHeaders() + "\n" + body);
                }
            } catch (PlaywrightException e) {
                // Redirects have no body to read.
            }
        });
        return page;
    }

    /** Saves a full-page screenshot under target/screenshots and keeps the page's source and visible text. */
    Path screenshot(Page page, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true).setType(ScreenshotType.PNG));
        synchronized (seen) {
            seen.add(page.content());
            seen.add(page.innerText("body"));
        }
        return file;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
