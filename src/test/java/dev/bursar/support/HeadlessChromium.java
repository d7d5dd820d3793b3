package dev.bursar.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.util.FileSystemUtils;

/**
 * A real headless Chromium for browser tests. Needs Debian's {@code chromium} and
 * {@code chromium-driver} (or BURSAR_CHROMIUM / BURSAR_CHROMEDRIVER); without them the tests are
 * skipped ({@link #assumePresent()}), unless BURSAR_REQUIRE_BROWSER=true (as in CI) makes that a
 * failure.
 */
public final class HeadlessChromium implements AutoCloseable {

    private final WebDriver browser;
    private final Path profile;
    private final String missing;

    private HeadlessChromium(WebDriver browser, Path profile, String missing) {
        this.browser = browser;
        this.profile = profile;
        this.missing = missing;
    }

    /** Starts the browser, or notes why it cannot ({@code test} names the skipped test in that note). */
    public static HeadlessChromium start(String test) {
        Path chromium = Path.of(setting("BURSAR_CHROMIUM", "/usr/bin/chromium"));
        Path driver = Path.of(setting("BURSAR_CHROMEDRIVER", "/usr/bin/chromedriver"));
        boolean present = Files.isExecutable(chromium) && Files.isExecutable(driver);
        String missing = "no Chromium at " + chromium + " or no chromedriver at " + driver
                + " (install Debian's chromium and chromium-driver, or set BURSAR_CHROMIUM and BURSAR_CHROMEDRIVER)";
        if (!present && Boolean.parseBoolean(setting("BURSAR_REQUIRE_BROWSER", "false"))) {
            throw new IllegalStateException("BURSAR_REQUIRE_BROWSER=true, but " + missing);
        }
        if (!present) {
            missing = test + " skipped: " + missing;
            System.err.println(missing);
            return new HeadlessChromium(null, null, missing);
        }
        Path profile;
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
        return new HeadlessChromium(new ChromeDriver(service, options), profile, missing);
    }

    /** Skips the calling test when there is no browser. */
    public void assumePresent() {
        Assumptions.assumeTrue(browser != null, missing);
    }

    /** The browser; null when there is none (tests call {@link #assumePresent()} first). */
    public WebDriver browser() {
        return browser;
    }

    @Override
    public void close() {
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
