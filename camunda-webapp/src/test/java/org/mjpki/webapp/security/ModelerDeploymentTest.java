package org.mjpki.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.junit.jupiter.api.Test;
import org.mjpki.processes.issuance.IssuanceProcess.EligibilityReasons;
import org.mjpki.processes.issuance.IssuanceProcess.Variables;
import org.mjpki.webapp.RestClientForTests;
import org.mjpki.webapp.ServerOnPostgres;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Issue 15, the process owner: Camunda Modeler's deploy call ({@code POST /engine-rest/deployment/create}, multipart,
 * as Modeler sends it) works for a process owner and for no other role, and the next application follows the table
 * deployed. The changed {@code device-eligibility} table finds every phone's Android too old; the original is deployed
 * again afterwards, and the application after that is issued.
 */
class ModelerDeploymentTest extends EndToEndOnPostgres {

    static final String TABLE = "device-eligibility";

    @Autowired RepositoryService repository;
    @Value("${mjpki.identity.process-owner-user}") String processOwnerUser;
    @Value("${mjpki.identity.process-owner-password}") String processOwnerPassword;
    @Value("${mjpki.identity.app-user}") String appUser;
    @Value("${mjpki.identity.app-password}") String appPassword;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aProcessOwnerDeploysFromModelerAndTheNextApplicationFollowsTheNewTable() throws Exception {
        String original = resource("dmn/" + TABLE + ".dmn");
        String stricter = original.replace("<text>&lt; 9</text>", "<text>&lt; 99</text>");
        assertThat(stricter).as("the table's OS rule").isNotEqualTo(original);
        int versionBefore = latestVersion();

        assertThat(deploy(null, null, stricter)).as("anonymous").isEqualTo(401);
        assertThat(deploy("demo", "demo", stricter)).as("an operator: a Camunda admin, yet not a process owner").isEqualTo(403);
        assertThat(deploy(appUser, appPassword, stricter)).as("the app").isEqualTo(403);
        assertThat(latestVersion()).as("nothing deployed by the refused calls").isEqualTo(versionBefore);
        try {
            assertThat(deploy(processOwnerUser, processOwnerPassword, stricter)).isEqualTo(200);
            assertThat(latestVersion()).isEqualTo(versionBefore + 1);

            RestClientForTests.Response refused = asOperator("POST", "/simulator/issuances", "{}");
            assertThat(refused.body().path("stage").asText()).as(refused.raw()).isEqualTo("REFUSED");
            assertThat(refused.body().path("reason").asText()).isEqualTo("DEVICE_INELIGIBLE");
            String instanceId = historicInstance(refused.body().path("applicationId").asText()).getId();
            HistoricVariableInstance reason = history.createHistoricVariableInstanceQuery().processInstanceId(instanceId)
                    .variableName(Variables.ELIGIBILITY_REASON).singleResult();
            assertThat(reason.getValue()).isEqualTo(EligibilityReasons.OS_TOO_OLD);
        } finally {
            assertThat(deploy(processOwnerUser, processOwnerPassword, original)).as("the original again").isEqualTo(200);
        }
        RestClientForTests.Response issued = asOperator("POST", "/simulator/issuances", "{}");
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        assertThat(issued.body().path("stage").asText()).isEqualTo("COMPLETED");
    }

    private int latestVersion() {
        return repository.createDecisionDefinitionQuery().decisionDefinitionKey(TABLE).latestVersion().singleResult()
                .getVersion();
    }

    /** What Modeler sends: multipart with the deployment's name, source, changed-only flag and the file. */
    private int deploy(String user, String password, String dmn) throws IOException, InterruptedException {
        String boundary = "----mjpki" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        part(body, boundary, "deployment-name", null, TABLE);
        part(body, boundary, "deployment-source", null, "Camunda Modeler");
        part(body, boundary, "deploy-changed-only", null, "true");
        part(body, boundary, "data", TABLE + ".dmn", dmn);
        body.append("--").append(boundary).append("--\r\n");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ServerOnPostgres.baseUrl() + "/engine-rest/deployment/create"))
                .timeout(Duration.ofMinutes(1))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static void part(StringBuilder body, String boundary, String name, String file, String content) {
        body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append('"')
                .append(file == null ? "" : "; filename=\"" + file + "\"").append("\r\n");
        if (file != null) {
            body.append("Content-Type: application/octet-stream\r\n");
        }
        body.append("\r\n").append(content).append("\r\n");
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = ModelerDeploymentTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
