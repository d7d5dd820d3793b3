package dev.bursar.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.util.FileSystemUtils;

/**
 * A real headless Chromium for a browser test class, as a JUnit extension: {@code @RegisterExtension
 * static final HeadlessChromium CHROMIUM = new HeadlessChromium("...")} starts it before the class's
 * tests and quits it after them. Needs Debian's {@code chromium} and {@code chromium-driver} (or
 * BURSAR_CHROMIUM / BURSAR_CHROMEDRIVER); without them each test is skipped, unless
 * BURSAR_REQUIRE_BROWSER=true (as in CI) makes that a failure.
 */
public final class HeadlessChromium implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final String test;
    private WebDriver browser;
    private Path profile;
    private String missing;

    /** {@code test} names the test in the note printed when it is skipped. */
    public HeadlessChromium(String test) {
        this.test = test;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Path chromium = Path.of(setting("BURSAR_CHROMIUM", "/usr/bin/chromium"));
        Path driver = Path.of(setting("BURSAR_CHROMEDRIVER", "/usr/bin/chromedriver"));
        boolean present = Files.isExecutable(chromium) && Files.isExecutable(driver);
        String missing = "no Chromium at " + chromium + " or no chromedriver at " + driver
                + " (install Debian's chromium and chromium-driver, or set BURSAR_CHROMIUM and BURSAR_CHROMEDRIVER)";
        if (!present && Boolean.parseBoolean(setting("BURSAR_REQUIRE_BROWSER", "false"))) {
            throw new IllegalStateException("BURSAR_REQUIRE_BROWSER=true, but " + missing);
        }
        if (!present) {
            this.missing = test + " skipped: " + missing;
            System.err.println(this.missing);
            return;
        }
        try {
            profile = Files.createTempDirectory("bursar-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1400,1000",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    /** Skips the test when there is no browser. */
    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(browser != null, missing);
    }

    /** The browser (tests run only when there is one). */
    public WebDriver browser() {
        return browser;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            FileSystemUtils.deleteRecursively(profile.toFile());
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
