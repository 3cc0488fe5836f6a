package org.mjpki.webapp;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by its ChromeDriver, for the tests of what people use in a browser (Cockpit,
 * Tasklist). Missing, it fails the test saying what to install ({@code .ci/run} installs both); it never skips.
 */
public final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("MJPKI_TEST_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("MJPKI_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private HeadlessChromium() {}

    /** @param app what the test drives, for the failure message, e.g. "Cockpit" */
    public static WebDriver open(String app) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("this test drives " + app + " in a real browser: install Debian's chromium and chromium-driver "
                    + "(apt-get install chromium chromium-driver; .ci/run does), or name them in MJPKI_TEST_CHROMIUM and "
                    + "MJPKI_TEST_CHROMEDRIVER; looked for " + CHROMIUM + " and " + CHROMEDRIVER);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
