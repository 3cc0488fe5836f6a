package org.mjpki.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mjpki.webapp.RestClientForTests;
import org.mjpki.webapp.ServerOnPostgres;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Issue 15: the app API is described by an OpenAPI document the server serves at {@code /api/v1/openapi} (springdoc),
 * to app developers (the app group) and operators. Every app endpoint — every path and method the controllers map
 * under {@code /api/} — is in it with a summary, and nothing else is (not the operator API, not the simulator).
 */
class OpenApiTest extends EndToEndOnPostgres {

    static final String DOCUMENT = "/api/v1/openapi";

    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping controllers;

    @Test
    void everyAppEndpointIsDescribedWithASummary() {
        RestClientForTests.Response response = app().get(DOCUMENT);
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        JsonNode paths = response.body().path("paths");
        Set<String> mapped = new LinkedHashSet<>();
        for (RequestMappingInfo info : controllers.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/") || pattern.startsWith(DOCUMENT)) {
                    continue;
                }
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    mapped.add(method.name().toLowerCase(Locale.ROOT) + " " + pattern);
                }
            }
        }
        assertThat(mapped).as("the app API's endpoints").hasSizeGreaterThanOrEqualTo(19);
        Set<String> undescribed = new LinkedHashSet<>();
        for (String endpoint : mapped) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            JsonNode operation = paths.path(path).path(method);
            if (operation.isMissingNode() || operation.path("summary").asText("").isBlank()) {
                undescribed.add(endpoint);
            }
        }
        assertThat(undescribed).as("app endpoints missing from the document or without a summary").isEmpty();
    }

    @Test
    void onlyTheAppApiIsDescribed() {
        JsonNode paths = app().get(DOCUMENT).body().path("paths");
        assertThat(paths.size()).isPositive();
        paths.fieldNames().forEachRemaining(path -> assertThat(path).startsWith("/api/v1/"));
        assertThat(app().get(DOCUMENT).body().path("info").path("title").asText()).isEqualTo("mjpki app API");
    }

    @Test
    void theDocumentIsForAppsAndOperatorsOnly() {
        assertThat(new RestClientForTests(ServerOnPostgres.baseUrl(), null, null).get(DOCUMENT).status()).isEqualTo(401);
        assertThat(new RestClientForTests(ServerOnPostgres.baseUrl(), "callcenter", "callcenter").get(DOCUMENT).status())
                .isEqualTo(403);
        assertThat(asOperator("GET", DOCUMENT, null).status()).isEqualTo(200);
    }

    /** What an app developer must know of the capabilities (ADR 0026) is in the document, call by call. */
    @Test
    void theDocumentSaysWhichCallsTakeACapabilityAndWhichHandOneOut() {
        JsonNode paths = app().get(DOCUMENT).body().path("paths");
        int bound = 0;
        int starts = 0;
        for (var e : controllers.getHandlerMethods().entrySet()) {
            java.lang.reflect.Method handler = e.getValue().getMethod();
            for (String pattern : e.getKey().getPatternValues()) {
                for (RequestMethod method : e.getKey().getMethodsCondition().getMethods()) {
                    JsonNode operation = paths.path(pattern).path(method.name().toLowerCase(Locale.ROOT));
                    if (handler.isAnnotationPresent(org.mjpki.webapp.caller.ForTheCaller.class)) {
                        bound++;
                        assertThat(operation.path("parameters").findValues("name").stream().map(JsonNode::asText))
                                .as(pattern).contains("Mjpki-Capability");
                        assertThat(operation.path("responses").has("404")).as(pattern).isTrue();
                    }
                    if (handler.isAnnotationPresent(org.mjpki.webapp.caller.StartsAnOperation.class)) {
                        starts++;
                        assertThat(operation.path("responses").findValues("headers").stream()
                                .anyMatch(h -> h.has("Mjpki-Capability"))).as(pattern).isTrue();
                    }
                }
            }
        }
        assertThat(bound).as("calls about an operation").isGreaterThanOrEqualTo(13);
        assertThat(starts).as("calls that start one").isEqualTo(5);
    }
}
