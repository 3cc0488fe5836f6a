package org.mjpki.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.Path;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mjpki.webapp.RestClientForTests;
import org.mjpki.webapp.ServerOnPostgres;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Issue 15, deny by default: docs/security/role-matrix.md is the specification. Every probe of its table is sent as
 * every role to the running server and must get the status the cell names; the families of the page are those of the
 * {@link AccessTable}; and every mapped endpoint — the application's controllers, every engine REST resource, the
 * actuator endpoints — belongs to a family, and an anonymous caller gets no further than that family allows.
 */
class AccessMatrixTest extends EndToEndOnPostgres {

    static final java.nio.file.Path MATRIX = java.nio.file.Path.of("..", "docs", "security", "role-matrix.md");
    static final List<String> ROLES = List.of("anonymous", "app", "operator", "call center", "process owner", "worker",
            "monitoring");

    @Autowired AccessTable table;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping controllers;
    @Autowired PathMappedEndpoints actuator;

    @Value("${mjpki.identity.app-user}") String appUser;
    @Value("${mjpki.identity.app-password}") String appPassword;
    @Value("${camunda.bpm.admin-user.id}") String operatorUser;
    @Value("${camunda.bpm.admin-user.password}") String operatorPassword;
    @Value("${mjpki.identity.call-center-user}") String callCenterUser;
    @Value("${mjpki.identity.call-center-password}") String callCenterPassword;
    @Value("${mjpki.identity.process-owner-user}") String processOwnerUser;
    @Value("${mjpki.identity.process-owner-password}") String processOwnerPassword;
    @Value("${mjpki.identity.worker-user}") String workerUser;
    @Value("${mjpki.identity.worker-password}") String workerPassword;
    @Value("${mjpki.identity.monitoring-user}") String monitoringUser;
    @Value("${mjpki.identity.monitoring-password}") String monitoringPassword;

    RestClientForTests as(String role) {
        String base = ServerOnPostgres.baseUrl();
        return switch (role) {
            case "anonymous" -> new RestClientForTests(base, null, null);
            case "app" -> new RestClientForTests(base, appUser, appPassword);
            case "operator" -> new RestClientForTests(base, operatorUser, operatorPassword);
            case "call center" -> new RestClientForTests(base, callCenterUser, callCenterPassword);
            case "process owner" -> new RestClientForTests(base, processOwnerUser, processOwnerPassword);
            case "worker" -> new RestClientForTests(base, workerUser, workerPassword);
            case "monitoring" -> new RestClientForTests(base, monitoringUser, monitoringPassword);
            default -> throw new IllegalArgumentException(role);
        };
    }

    /** The rows of a markdown table whose header's first cell is {@code firstHeader}: cell texts, backticks removed. */
    static List<List<String>> table(String firstHeader) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        boolean inside = false;
        for (String line : Files.readAllLines(MATRIX)) {
            if (!line.startsWith("|")) {
                inside = false;
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|")) {
                cells.add(cell.strip().replace("`", ""));
            }
            if (cells.get(0).equals(firstHeader)) {
                inside = true;
                continue;
            }
            if (inside && !cells.get(0).startsWith("---")) {
                rows.add(cells);
            }
        }
        assertThat(rows).as("the table '%s' of %s", firstHeader, MATRIX).isNotEmpty();
        return rows;
    }

    @Test
    void everyProbeGetsForEveryRoleWhatTheMatrixSays() throws IOException {
        Map<String, String> wrong = new LinkedHashMap<>();
        for (List<String> row : table("probe")) {
            String method = row.get(0).substring(0, row.get(0).indexOf(' '));
            String path = row.get(0).substring(row.get(0).indexOf(' ') + 1);
            for (int i = 0; i < ROLES.size(); i++) {
                int expected = Integer.parseInt(row.get(i + 1));
                // as a browser or a scraper asks: anything (Prometheus answers text, not JSON)
                int actual = as(ROLES.get(i)).send(method, path, null, Map.of("Accept", "*/*")).status();
                if (actual != expected) {
                    wrong.put(row.get(0) + " as " + ROLES.get(i), "expected " + expected + ", got " + actual);
                }
            }
        }
        assertThat(wrong).as("probes whose answer differs from the matrix").isEmpty();
    }

    @Test
    void thePageListsExactlyTheFamiliesOfTheAccessTable() throws IOException {
        List<String> documented = table("family").stream().map(r -> r.get(0)).toList();
        assertThat(documented).containsExactlyElementsOf(table.rules().stream().map(AccessRule::path).toList());
    }

    @Test
    void everyControllerEndpointBelongsToAFamilyAndAnAnonymousCallerIsStoppedAtItsDoor() {
        Set<String> endpoints = new LinkedHashSet<>();
        for (RequestMappingInfo info : controllers.getHandlerMethods().keySet()) {
            endpoints.addAll(info.getPatternValues());
        }
        // Spring Boot's error page: the container's error dispatch reaches it, a request never (probe GET /error: 404)
        endpoints.remove("/error");
        assertThat(endpoints).as("the application's controllers").hasSizeGreaterThan(30);
        Map<String, String> wrong = new LinkedHashMap<>();
        for (String pattern : endpoints) {
            String path = pattern.replaceAll("\\{[^}]*}", "x").replace("/**", "/x");
            AccessRule rule = table.ruleFor(path).orElse(null);
            if (rule == null) {
                wrong.put(pattern, "in no family");
                continue;
            }
            int anonymous = as("anonymous").get(path).status();
            boolean stopped = switch (rule.access()) {
                case GROUPS, ENGINE_REST -> anonymous == 401;
                case PUBLIC, CAMUNDA_LOGIN -> anonymous != 401 && anonymous != 403;
            };
            if (!stopped) {
                wrong.put(pattern, rule.path() + " (" + rule.access() + ") answered an anonymous GET with " + anonymous);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyEngineRestResourceNeedsACamundaUser() {
        Map<String, String> wrong = new LinkedHashMap<>();
        Set<String> paths = new LinkedHashSet<>();
        for (Class<?> root : org.camunda.bpm.engine.rest.impl.CamundaRestResources.getResourceClasses()) {
            Path rootPath = root.getAnnotation(Path.class);
            String prefix = "/engine-rest" + (rootPath == null ? "" : rootPath.value());
            // the root resources hand out every resource through sub-resource locators (methods with a @Path)
            for (java.lang.reflect.Method locator : root.getMethods()) {
                Path sub = locator.getAnnotation(Path.class);
                if (sub != null) {
                    paths.add((prefix + "/" + sub.value()).replaceAll("/+", "/").replaceAll("\\{[^}]*}", "default"));
                }
            }
        }
        assertThat(paths).as("Camunda's REST resources").hasSizeGreaterThan(30)
                .contains("/engine-rest/deployment", "/engine-rest/external-task", "/engine-rest/process-definition");
        for (String path : paths) {
            assertThat(table.ruleFor(path)).as(path).isPresent();
            int anonymous = as("anonymous").get(path).status();
            if (anonymous != 401) {
                wrong.put(path, "anonymous GET answered " + anonymous);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void withinTheEngineRestApiEachRoleSeesOnlyWhatItWasGranted() {
        assertThat(as("app").get("/engine-rest/process-definition/count").body().get("count").asLong()).isZero();
        assertThat(as("monitoring").get("/engine-rest/process-definition/count").body().get("count").asLong()).isZero();
        assertThat(as("worker").get("/engine-rest/process-definition/count").body().get("count").asLong()).isPositive();
        assertThat(as("operator").get("/engine-rest/user/count").body().get("count").asLong()).isPositive();
        for (String role : List.of("app", "call center", "process owner", "worker", "monitoring")) {
            // a user may read itself (Camunda's owner grant on a new user), no one else
            assertThat(as(role).get("/engine-rest/user/count").body().get("count").asLong()).as(role).isLessThanOrEqualTo(1);
        }
        assertThat(as("app").get("/engine-rest/process-instance/count").body().get("count").asLong()).isZero();
    }

    @Test
    void everyActuatorEndpointButHealthNeedsAnOperatorOrMonitoring() {
        Map<String, String> wrong = new LinkedHashMap<>();
        for (String endpointPath : actuator.getAllPaths()) {
            AccessRule rule = table.ruleFor(endpointPath).orElseThrow();
            int anonymous = as("anonymous").send("GET", endpointPath, null, Map.of("Accept", "*/*")).status();
            int monitoring = as("monitoring").send("GET", endpointPath, null, Map.of("Accept", "*/*")).status();
            boolean health = endpointPath.equals("/actuator/health");
            if (health ? (anonymous != 200 || rule.access() != AccessRule.Access.PUBLIC) : (anonymous != 401 || monitoring != 200)) {
                wrong.put(endpointPath, "anonymous " + anonymous + ", monitoring " + monitoring);
            }
        }
        assertThat(actuator.getAllPaths()).contains("/actuator/health", "/actuator/info");
        assertThat(wrong).isEmpty();
    }

    @Test
    void pathTricksEndInTheFamilyTheContainerMapsThemTo() {
        RestClientForTests anonymous = as("anonymous");
        // dot segments and path parameters are resolved before the access table is asked: /pki/../api is /api
        assertThat(anonymous.get("/pki/../api/v1/credential-sets/x").status()).isIn(400, 401);
        assertThat(anonymous.get("/pki;x=1/../api/v1/credential-sets/x").status()).isIn(400, 401);
        assertThat(anonymous.get("/api%2Fv1/credential-sets/x").status()).isIn(400, 404);
        assertThat(anonymous.get("/API/v1/credential-sets/x").status()).isEqualTo(404);
        assertThat(anonymous.get("/pkix/crl").status()).as("a family is a path segment, not a prefix of letters").isEqualTo(404);
    }
}
