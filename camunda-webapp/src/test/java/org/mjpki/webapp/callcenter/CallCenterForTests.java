package org.mjpki.webapp.callcenter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mjpki.ca.Holder;
import org.mjpki.processes.hold.LostDeviceHoldProcess;
import org.mjpki.webapp.RestClientForTests;
import org.mjpki.webapp.ServerOnPostgres;

/**
 * Call-center staff as Tasklist drives the engine: over the engine REST API, as a member of {@code mjpkiCallCenter},
 * starting "Report a lost phone" and submitting its Camunda Forms ({@code submit-form}, what Tasklist sends). Every
 * name and address it types is remembered for this JVM, so that {@code SecretsLeakTest} can look for them everywhere.
 */
public final class CallCenterForTests {

    public static final String USER = "callcenter";
    public static final String PASSWORD = "callcenter";
    private static final List<String> TYPED = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RestClientForTests rest;

    public CallCenterForTests() {
        this(USER, PASSWORD);
    }

    public CallCenterForTests(String user, String password) {
        this.rest = new RestClientForTests(ServerOnPostgres.baseUrl(), user, password);
    }

    /** Every caller's name and address typed by staff in this JVM. */
    public static List<String> factsTypedInThisJvm() {
        return List.copyOf(TYPED);
    }

    /** Remembers facts staff typed elsewhere (in Tasklist, in a browser), for {@code SecretsLeakTest}. */
    public static void remember(String... typed) {
        TYPED.addAll(List.of(typed));
    }

    public RestClientForTests rest() {
        return rest;
    }

    /** Starts a report; answers the process instance id. */
    public String startReport() {
        return startReport(Map.of());
    }

    public String startReport(Map<String, Object> variables) {
        RestClientForTests.Response started = rest.post("/engine-rest/process-definition/key/"
                + LostDeviceHoldProcess.PROCESS_KEY + "/start", variables(variables).toString());
        assertThat(started.status()).as(started.raw()).isEqualTo(200);
        return started.body().path("id").asText();
    }

    /** The open task of the report, as Tasklist lists it. */
    public JsonNode task(String processInstanceId) {
        RestClientForTests.Response tasks = rest.get("/engine-rest/task?processInstanceId=" + processInstanceId);
        assertThat(tasks.status()).as(tasks.raw()).isEqualTo(200);
        assertThat(tasks.body()).as("open tasks of the report").hasSize(1);
        return tasks.body().get(0);
    }

    /** The key of the report's open task, or null while none is open (the workers are between two tasks). */
    public String openTaskKey(String processInstanceId) {
        RestClientForTests.Response tasks = rest.get("/engine-rest/task?processInstanceId=" + processInstanceId);
        return tasks.status() == 200 && tasks.body().size() == 1 ? tasks.body().get(0).path("taskDefinitionKey").asText() : null;
    }

    public String taskKey(String processInstanceId) {
        return task(processInstanceId).path("taskDefinitionKey").asText();
    }

    /** The form's variables as Tasklist loads them for the open task. */
    public JsonNode formVariables(String processInstanceId) {
        RestClientForTests.Response variables = rest.get("/engine-rest/task/" + task(processInstanceId).path("id").asText()
                + "/form-variables");
        assertThat(variables.status()).as(variables.raw()).isEqualTo(200);
        return variables.body();
    }

    public RestClientForTests.Response submit(String processInstanceId, Map<String, Object> fields) {
        String taskId = task(processInstanceId).path("id").asText();
        return rest.post("/engine-rest/task/" + taskId + "/submit-form", variables(fields).toString());
    }

    /** Types the caller's four facts (as the card states them, or as the caller says them) into "Identify the caller". */
    public RestClientForTests.Response identify(String processInstanceId, String name, String birthDate, String sex, String address) {
        TYPED.add(name);
        TYPED.add(address);
        return submit(processInstanceId, Map.of("callerName", name, "callerBirthDate", birthDate, "callerSex", sex,
                "callerAddress", address, "callerNotIdentified", false));
    }

    /** The facts of {@code holder}'s card, the address with full-width digits as a caller's might be typed. */
    public RestClientForTests.Response identify(String processInstanceId, Holder card) {
        return identify(processInstanceId, card.name(), card.birthDate().toString(), "1".equals(card.sex()) ? "MALE" : "FEMALE",
                fullWidthDigits(card.address()));
    }

    public RestClientForTests.Response confirm(String processInstanceId, boolean yes, String lossKind) {
        return submit(processInstanceId, lossKind == null ? Map.of("setConfirmed", yes)
                : Map.of("setConfirmed", yes, "lossKind", lossKind));
    }

    /** Reports {@code card}'s holder's phone lost and confirms the set; answers the report's instance id. */
    public String holdSetOf(Holder card, String lossKind) {
        String report = startReport();
        assertThat(identify(report, card).status()).isEqualTo(204);
        assertThat(taskKey(report)).isEqualTo(LostDeviceHoldProcess.Elements.TASK_CONFIRM_SET);
        assertThat(confirm(report, true, lossKind).status()).isEqualTo(204);
        return report;
    }

    static String fullWidthDigits(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= '0' && c <= '9' ? (char) ('０' + (c - '0')) : c);
        }
        return out.toString();
    }

    private static ObjectNode variables(Map<String, Object> values) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode variables = body.putObject("variables");
        values.forEach((name, value) -> variables.putObject(name).set("value", JSON.valueToTree(value)));
        return body;
    }

    /** Names for messages: never the facts. */
    @Override
    public String toString() {
        return "call center (" + TYPED.size() / 2 + " callers typed)";
    }
}
