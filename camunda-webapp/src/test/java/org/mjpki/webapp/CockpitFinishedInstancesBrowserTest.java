package org.mjpki.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 2's "an issuance that Cockpit shows as finished", in a real browser: the operator logs in to Cockpit, opens
 * the issuance process, and the mjpki tab lists the finished application with the end event it reached and, on a
 * click, its steps. Cockpit's own history view is Enterprise-only; the tab is the plugin in
 * {@code META-INF/resources/webjars/camunda/app/cockpit/mjpki/} (ADR 0014). Needs Debian's {@code chromium} and
 * {@code chromium-driver} ({@code .ci/run} installs them).
 */
class CockpitFinishedInstancesBrowserTest extends EndToEndOnPostgres {

    private WebDriver browser;

    @BeforeEach
    void openBrowser() {
        browser = HeadlessChromium.open("Cockpit");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /**
     * The plugin's tab on the definition page. Late in the suite the page has thousands of instances behind it and was
     * once not drawn within a minute (CI, 2026-12-02): it is loaded once more, as an operator would, and a second miss
     * fails with what the page showed.
     */
    private WebElement finishedInstancesTab(WebDriverWait wait, String page) {
        for (int attempt = 1; ; attempt++) {
            try {
                return wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Finished instances")));
            } catch (org.openqa.selenium.TimeoutException e) {
                if (attempt == 2) {
                    String shown = browser.findElement(By.tagName("body")).getText();
                    throw new AssertionError("no 'Finished instances' tab on " + page + "; the page showed: "
                            + shown.substring(0, Math.min(shown.length(), 1500)), e);
                }
                browser.navigate().refresh();
            }
        }
    }

    @Test
    void cockpitListsAFinishedIssuanceWithItsEndEventAndItsSteps() {
        RestClientForTests.Response issued = asOperator("POST", "/simulator/issuances", "{}");
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        String applicationId = issued.body().path("applicationId").asText();
        String definitionId = historicInstance(applicationId).getProcessDefinitionId();

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        browser.get(ServerOnPostgres.baseUrl() + "/camunda/app/cockpit/default/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[placeholder='Username']")))
                .sendKeys("demo");
        browser.findElement(By.cssSelector("input[placeholder='Password']")).sendKeys("demo");
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        // the login form goes before the session exists: navigating away at that moment lands on the login again (seen
        // in CI on a loaded machine), so wait for what only a logged-in Cockpit shows
        wait.until(d -> {
            String shown = d.findElement(By.tagName("body")).getText();
            return !shown.contains("Log in") && (shown.contains("Processes") || shown.contains("Dashboard"));
        });

        String page = ServerOnPostgres.baseUrl() + "/camunda/app/cockpit/default/#/process-definition/" + definitionId + "/runtime";
        browser.get(page);
        finishedInstancesTab(wait, page).click();

        By row = By.xpath("//table[contains(@class,'cam-table')]//tr[td[1][normalize-space()='" + applicationId + "']]");
        WebElement finished = wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        List<String> cells = finished.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertThat(cells.get(1)).as("the end event it reached, by its business name").isEqualTo("Credential active");
        assertThat(cells.get(2)).isEqualTo("COMPLETED");

        finished.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h4"), "Steps of " + applicationId));
        String steps = browser.findElement(By.xpath("//h4[contains(.,'Steps of')]/following-sibling::table")).getText();
        assertThat(steps).as("every business step, by name").contains("Verify application", "Install applet",
                "Issue signing certificate", "Issue user-auth certificate", "Activate credential", "Notify holder");
    }
}
