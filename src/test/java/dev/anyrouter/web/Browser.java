package dev.anyrouter.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.ScreenshotType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's chromium driven by Playwright (no browser download: surefire sets
 * PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD). Every response body the pages receive and the DOM at every
 * screenshot are kept, so a test can prove a secret never reached the browser.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;
    final List<String> seen = new ArrayList<>();
    /** Console errors and page errors: a CSP violation (an inline script or style htmx tried) shows up here. */
    final List<String> errors = new ArrayList<>();

    Browser() {
        this.playwright = Playwright.create();
        this.browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", "--disable-sync")));
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
