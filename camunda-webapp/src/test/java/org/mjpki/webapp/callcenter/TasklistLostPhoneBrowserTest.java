package org.mjpki.webapp.callcenter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.Holder;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.processes.hold.LostDeviceHoldProcess;
import org.mjpki.registry.CredentialState;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.webapp.HeadlessChromium;
import org.mjpki.webapp.ServerOnPostgres;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.mjpki.webapp.revocation.OpenSslRelyingParty;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 12's "call-center staff work in Tasklist with Camunda Forms", in a real browser: a member of
 * {@code mjpkiCallCenter} logs in to Tasklist, starts "Report a lost phone", claims "Identify the caller" in the
 * "Lost phones" filter and types the caller's four facts into its Camunda Form (form-js), then reads the matched phone
 * ("SimPhone SP-100") off "Confirm the phone with the caller" and confirms it lost; the holder's set goes on hold and
 * OCSP says certificateHold. What {@link CallCenterForTests} sends over REST, here as Tasklist itself sends it. Needs
 * Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them).
 */
class TasklistLostPhoneBrowserTest extends EndToEndOnPostgres {

    @Autowired private TaskService tasks;

    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        browser = HeadlessChromium.open("Tasklist");
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void callCenterStaffPutALostPhoneOnHoldInTasklistWithCamundaForms() throws Exception {
        SimulatedHolder holder = newHolder();
        assertThat(world.app().issue(holder, DEADLINE).stage()).isEqualTo("COMPLETED");
        String setId = holder.credentialSetId().orElseThrow();
        Holder card = holder.card().holder();

        browser.get(ServerOnPostgres.baseUrl() + "/camunda/app/tasklist/default/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[placeholder='Username']")))
                .sendKeys(CallCenterForTests.USER);
        browser.findElement(By.cssSelector("input[placeholder='Password']")).sendKeys(CallCenterForTests.PASSWORD);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[placeholder='Username']")));

        // Start process: the dialog lists what the call center may start; the process has no start form
        Set<String> reportsBefore = openReports();
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//a[normalize-space()='Start process']"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//div[contains(@class,'modal')]//ul[contains(@class,'processes')]//a[normalize-space()='Report a lost phone']")))
                .click();
        wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//div[contains(@class,'modal-footer')]//button[normalize-space()='Start']"))).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-dialog")));
        Set<String> started = poll("a report started from Tasklist", () -> {
            Set<String> now = openReports();
            now.removeAll(reportsBefore);
            return now;
        }, s -> !s.isEmpty());
        assertThat(started).as("reports started from Tasklist").hasSize(1);
        String report = started.iterator().next();

        // Identify the caller: the four facts as the card states them
        String identify = openAndClaim(report, "Identify the caller");
        CallCenterForTests.remember(card.name(), card.address());
        type(field("Name (氏名)"), card.name());
        WebElement birthDate = wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//div[contains(@class,'fjs-form-field-datetime')][.//label[contains(normalize-space(.),'Date of birth (生年月日)')]]"
                        + "//input[contains(@class,'flatpickr-input')]")));
        // form-js's date picker (flatpickr, typing allowed) reads the date in the browser's locale and names that format
        // in its placeholder (en-US: mm/dd/yyyy); Enter makes flatpickr parse what was typed
        String format = birthDate.getAttribute("placeholder").replace("mm", "MM");
        birthDate.click();
        birthDate.sendKeys(card.birthDate().format(DateTimeFormatter.ofPattern(format)), Keys.ENTER);
        radio("1".equals(card.sex()) ? "Male (男)" : "Female (女)");
        type(field("Address (住所)"), card.address());
        complete(identify);

        // Confirm the phone with the caller: the matched set's phone, read to the caller
        String confirm = openAndClaim(report, "Confirm the phone with the caller");
        DeviceFacts phone = DeviceFacts.eligibleDefault();
        String shown = phone.manufacturer() + " " + phone.model();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".fjs-container"), shown));
        assertThat(shown).isEqualTo("SimPhone SP-100");
        assertThat(browser.findElement(By.cssSelector(".fjs-container")).getText()).contains("SimPhone SP-100");
        radio("Yes: put it on hold now");
        radio("Lost");
        complete(confirm);

        poll("set " + setId + " on hold", () -> registry.set(setId).orElseThrow().state(), CredentialState.ON_HOLD::equals);
        OpenSslRelyingParty relyingParty = new OpenSslRelyingParty(ca);
        byte[] signing = registry.key(setId, KeyRole.SIGNING).orElseThrow().certificate();
        assertThat(poll("OCSP says the signing certificate is on hold", () -> {
            try {
                return relyingParty.ocsp(OpenSslRelyingParty.x509(signing));
            } catch (Exception e) {
                throw new AssertionError("OpenSSL's OCSP request failed", e);
            }
        }, ocsp -> ocsp.contains("certificateHold"))).contains("Cert Status: revoked");
    }

    /** The open "Report a lost phone" instances. */
    private Set<String> openReports() {
        return runtime.createProcessInstanceQuery().processDefinitionKey(LostDeviceHoldProcess.PROCESS_KEY).list().stream()
                .map(ProcessInstance::getId).collect(Collectors.toSet());
    }

    /**
     * Clicks the report's task {@code name} in the "Lost phones" filter and claims it; answers the task id. Tasklist does
     * not reload its list by itself when a process is started from its dialog, so the page is reloaded until it lists it.
     */
    private String openAndClaim(String report, String name) {
        Task task = poll("task " + name + " of " + report, () -> tasks.createTaskQuery().processInstanceId(report).singleResult(),
                t -> t != null && name.equals(t.getName()));
        By filter = By.xpath("//div[contains(@class,'task-filter')]//h4/a[contains(normalize-space(.),'Lost phones')]");
        By link = By.xpath("//ol[contains(@class,'tasks-list')]//a[normalize-space()='" + name + "' and contains(@href,'task="
                + task.getId() + "')]");
        Instant deadline = deadline();
        while (true) {
            wait.until(ExpectedConditions.elementToBeClickable(filter)).click();
            try {
                new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(link));
                break;
            } catch (TimeoutException notListedYet) {
                assertThat(Instant.now()).as("Tasklist lists task " + name + " in Lost phones").isBefore(deadline);
                browser.navigate().refresh();
            }
        }
        wait.until(ExpectedConditions.elementToBeClickable(link)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("section.task-card h2.task"), name));
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//section[contains(@class,'task-card')]"
                + "//button[normalize-space()='Claim']"))).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.xpath("//button[normalize-space()='Claim']")));
        poll("task " + name + " claimed", () -> tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee(),
                CallCenterForTests.USER::equals);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container .fjs-form")));
        return task.getId();
    }

    /** The input of the form-js field labelled {@code label} (form-js adds a "*" to the label of a required field). */
    private WebElement field(String label) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//div[contains(@class,'fjs-form-field')]"
                + "[label[contains(normalize-space(.),'" + label + "')]]//input")));
    }

    private static void type(WebElement input, String text) {
        input.click();
        input.clear();
        input.sendKeys(text);
    }

    /** Chooses a form-js radio option by its label (the label wraps the input). */
    private void radio(String label) {
        WebElement option = wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//div[contains(@class,'fjs-form-field-radio')]//label[normalize-space(.)='" + label + "']")));
        option.click();
        assertThat(option.findElement(By.tagName("input")).isSelected()).as(label + " chosen").isTrue();
    }

    /** Tasklist's Complete: the engine completes the task and Tasklist goes back to its list. */
    private void complete(String taskId) {
        WebElement button = wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='Complete']")));
        // the page footer covers the bottom of the task pane, where the button is
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", button);
        button.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//*[normalize-space()='Select a task in the list.']")));
        poll("task " + taskId + " completed", () -> tasks.createTaskQuery().taskId(taskId).count(), count -> count == 0);
    }
}
