package org.mjpki.webapp.serviceprovider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mjpki.webapp.RestClientForTests;
import org.mjpki.webapp.ServerOnPostgres;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.springframework.beans.factory.annotation.Value;

/**
 * R17 over HTTP on the whole server: operators keep the whitelist through the operator API, with its audit trail; the
 * Mynaportal app asks the app API whether a return URL may receive a signature; hostile URLs are answered
 * {@code allowed: false}, never a server error; no one but an operator changes the whitelist.
 */
class ReturnUrlWhitelistEndToEndTest extends EndToEndOnPostgres {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVIDERS = "/operator/service-providers";
    private static final String CHECKS = "/api/v1/return-url-checks";

    @Value("${camunda.bpm.admin-user.id}") String operatorUser;
    @Value("${mjpki.identity.call-center-user}") String callCenterUser;
    @Value("${mjpki.identity.call-center-password}") String callCenterPassword;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String host = "bank-" + tag + ".example";
    private final String androidApp = "jp.example.bank" + tag;
    private final String iosApp = "A1B2C3D4E5.jp.example.bank" + tag;
    private final String url = "https://" + host + "/jpki/signature-return";

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private JsonNode registered() {
        RestClientForTests.Response created = asOperator("POST", PROVIDERS, json(object("name", "Example Bank " + tag,
                "apps", List.of(androidApp, iosApp), "returnUrls", List.of(url))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body();
    }

    private JsonNode check(String appId, String returnUrl) {
        RestClientForTests.Response answer = app().post(CHECKS, json(object("appId", appId, "returnUrl", returnUrl)));
        assertThat(answer.status()).as("%s: %s", returnUrl, answer.raw()).isEqualTo(200);
        return answer.body();
    }

    private void assertAnswer(String appId, String returnUrl, boolean allowed, String reason) {
        JsonNode answer = check(appId, returnUrl);
        assertThat(answer.path("allowed").asBoolean()).as("%s: %s", returnUrl, answer).isEqualTo(allowed);
        assertThat(answer.path("reason").asText()).as("%s: %s", returnUrl, answer).isEqualTo(reason);
    }

    @Test
    void anOperatorRegistersAndTheAppIsToldOnlyTheExactUrlMayReceiveTheSignature() {
        JsonNode provider = registered();
        String id = provider.path("serviceProviderId").asText();
        assertThat(id).startsWith("sp-");
        assertThat(provider.path("status").asText()).isEqualTo("ACTIVE");

        assertAnswer(androidApp, url, true, "ALLOWED");
        assertAnswer(iosApp, url, true, "ALLOWED");
        assertAnswer(androidApp, url + "/", false, "NOT_REGISTERED");
        assertAnswer(androidApp, url.replace("/jpki/", "/JPKI/"), false, "NOT_REGISTERED");
        assertAnswer(androidApp, url.replace(host, host + ":443"), false, "NOT_REGISTERED");
        assertAnswer(androidApp, url + "?x=1", false, "NOT_REGISTERED");
        assertAnswer(androidApp, url.replace(host, host + ".evil.example"), false, "NOT_REGISTERED");
        assertAnswer("jp.example.stranger" + tag, url, false, "UNKNOWN_APP");
        JsonNode upper = check(androidApp, url.replace(host, host.toUpperCase()));
        assertThat(upper.path("allowed").asBoolean()).isFalse();
        assertThat(upper.path("reason").asText()).isEqualTo("MALFORMED_URL");
        assertThat(upper.path("urlProblem").asText()).isEqualTo("HOST_NOT_LOWERCASE");
        assertThat(upper.path("message").asText()).isNotBlank();

        // the list and the provider as operators see them
        RestClientForTests.Response list = asOperator("GET", PROVIDERS, null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().findValuesAsText("serviceProviderId")).contains(id);
        JsonNode details = asOperator("GET", PROVIDERS + "/" + id, null).body();
        assertThat(details.path("apps").findValuesAsText("appId")).containsExactlyInAnyOrder(androidApp, iosApp);
        assertThat(details.path("returnUrls").findValuesAsText("url")).containsExactly(url);
        assertThat(asOperator("GET", PROVIDERS + "/sp-" + UUID.randomUUID(), null).status()).isEqualTo(404);
        assertThat(asOperator("GET", PROVIDERS + "/not-an-id", null).status()).isEqualTo(404);
    }

    @Test
    void everyChangeOverTheOperatorApiIsInTheAuditTrailAndWithdrawalsStopTheSignature() {
        String id = registered().path("serviceProviderId").asText();
        String second = "https://" + host + ":8443/jpki/cb?lang=ja";
        String lateApp = "jp.example.late" + tag;

        assertThat(asOperator("POST", PROVIDERS + "/" + id + "/apps", json(object("appId", lateApp))).status()).isEqualTo(201);
        RestClientForTests.Response added = asOperator("POST", PROVIDERS + "/" + id + "/return-urls", json(object("url", second)));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        assertAnswer(lateApp, second, true, "ALLOWED");
        assertAnswer(lateApp, url, true, "ALLOWED");

        String firstUrlId = null;
        for (JsonNode u : added.body().path("returnUrls")) {
            if (u.path("url").asText().equals(url)) {
                firstUrlId = u.path("returnUrlId").asText();
            }
        }
        RestClientForTests.Response withdrawn = asOperator("POST", PROVIDERS + "/" + id + "/return-urls/" + firstUrlId
                + "/withdrawal", null);
        assertThat(withdrawn.status()).as(withdrawn.raw()).isEqualTo(200);
        assertAnswer(androidApp, url, false, "URL_WITHDRAWN");
        assertAnswer(androidApp, second, true, "ALLOWED");
        RestClientForTests.Response again = asOperator("POST", PROVIDERS + "/" + id + "/return-urls/" + firstUrlId
                + "/withdrawal", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("error").asText()).isEqualTo("return_url_already_withdrawn");

        RestClientForTests.Response ended = asOperator("POST", PROVIDERS + "/" + id + "/withdrawal", null);
        assertThat(ended.status()).as(ended.raw()).isEqualTo(200);
        assertThat(ended.body().path("status").asText()).isEqualTo("WITHDRAWN");
        assertAnswer(androidApp, second, false, "PROVIDER_WITHDRAWN");
        assertAnswer(lateApp, second, false, "PROVIDER_WITHDRAWN");
        RestClientForTests.Response late = asOperator("POST", PROVIDERS + "/" + id + "/apps", json(object("appId", "jp.x" + tag)));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body().path("error").asText()).isEqualTo("provider_withdrawn");

        // the audit trail, as GET shows it: who, when, what, before and after, in order
        JsonNode changes = asOperator("GET", PROVIDERS + "/" + id, null).body().path("changes");
        List<String> rows = new ArrayList<>();
        for (JsonNode c : changes) {
            assertThat(c.path("operatorUserId").asText()).isEqualTo(operatorUser);
            assertThat(c.path("changedAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
            assertThat(c.path("detail").asText()).isNotBlank();
            rows.add(c.path("action").asText() + " " + c.path("subject").asText() + " "
                    + (c.path("before").isNull() ? "-" : c.path("before").asText()) + " -> " + c.path("after").asText());
        }
        assertThat(rows).containsExactly(
                "PROVIDER_REGISTERED Example Bank " + tag + " - -> ACTIVE",
                "APP_ADDED " + androidApp + " - -> REGISTERED",
                "APP_ADDED " + iosApp + " - -> REGISTERED",
                "RETURN_URL_ADDED " + url + " - -> CURRENT",
                "APP_ADDED " + lateApp + " - -> REGISTERED",
                "RETURN_URL_ADDED " + second + " - -> CURRENT",
                "RETURN_URL_WITHDRAWN " + url + " CURRENT -> WITHDRAWN",
                "PROVIDER_WITHDRAWN Example Bank " + tag + " ACTIVE -> WITHDRAWN");
    }

    @Test
    void onlyOperatorsReachTheOperatorApi() {
        String id = registered().path("serviceProviderId").asText();
        RestClientForTests callCenter = new RestClientForTests(ServerOnPostgres.baseUrl(), callCenterUser, callCenterPassword);
        RestClientForTests anonymous = new RestClientForTests(ServerOnPostgres.baseUrl(), null, null);
        String body = json(object("name", "Intruder " + tag, "apps", List.of("jp.example.intruder" + tag),
                "returnUrls", List.of("https://evil-" + tag + ".example/cb")));
        for (RestClientForTests.Response refused : List.of(
                callCenter.post(PROVIDERS, body),
                callCenter.get(PROVIDERS),
                callCenter.get(PROVIDERS + "/" + id),
                callCenter.post(PROVIDERS + "/" + id + "/withdrawal", null),
                app().post(PROVIDERS, body),
                app().get(PROVIDERS + "/" + id),
                app().post(PROVIDERS + "/" + id + "/return-urls", json(object("url", "https://evil-" + tag + ".example/cb"))),
                app().post(PROVIDERS + "/" + id + "/withdrawal", null))) {
            assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
        }
        assertThat(anonymous.post(PROVIDERS, body).status()).isEqualTo(401);
        assertThat(anonymous.post(CHECKS, json(object("appId", androidApp, "returnUrl", url))).status()).isEqualTo(401);
        assertThat(callCenter.post(CHECKS, json(object("appId", androidApp, "returnUrl", url))).status())
                .as("the check is the app's").isEqualTo(403);

        // nothing of theirs was written
        JsonNode details = asOperator("GET", PROVIDERS + "/" + id, null).body();
        assertThat(details.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(details.path("changes")).hasSize(4);
        assertThat(asOperator("GET", PROVIDERS, null).raw()).doesNotContain("Intruder " + tag);
        assertAnswer("jp.example.intruder" + tag, "https://evil-" + tag + ".example/cb", false, "UNKNOWN_APP");
    }

    @Test
    void hostileUrlsThroughTheAppApiAreRefusedNeverAServerError() {
        registered();
        String[][] hostile = {
                {"https://" + host + "@evil.example/jpki/signature-return", "USERINFO"},
                {"https://" + host + ":pw@evil.example/jpki/signature-return", "USERINFO"},
                {"https://" + host + "./jpki/signature-return", "TRAILING_DOT"},
                {"https://" + host.replace("bank", "b\u0430nk") + "/jpki/signature-return", "NON_ASCII"},
                {"https://\uff42ank-" + tag + ".example/jpki/signature-return", "NON_ASCII"},
                {"https://xn--bnk-" + tag + "-9kc.example/jpki/signature-return", "PUNYCODE_HOST"},
                {"https://" + host + "/jpki/x/../signature-return", "DOT_SEGMENT"},
                {"https://" + host + "/jpki/x/%2e%2e/signature-return", "DOT_SEGMENT"},
                {"https://" + host + "/jpki%2fsignature-return", "ENCODED_SEPARATOR"},
                {"javascript:alert(1)", "NOT_HTTPS"},
                {"data:text/html,<script>alert(1)</script>", "NOT_HTTPS"},
                {"http://" + host + "/jpki/signature-return", "NOT_HTTPS"},
                {"//evil.example", "SCHEME_RELATIVE"},
                {"https:/evil.example", "NO_AUTHORITY"},
                {"https:\\\\evil.example", "BACKSLASH"},
                {"https://" + host + "\\@evil.example/", "BACKSLASH"},
                {"https://" + host + "/jpki/signature return", "WHITESPACE_OR_CONTROL"},
                {url + "\r\nSet-Cookie: x=y", "WHITESPACE_OR_CONTROL"},
                {url + "\t", "WHITESPACE_OR_CONTROL"},
                {url + "\u0000", "WHITESPACE_OR_CONTROL"},
                {"https://evil.example/https://" + host + "/jpki/signature-return", "DOUBLE_SLASH"},
                {url + "#@evil.example", "FRAGMENT"},
                {url.replace(host, host.toUpperCase()), "HOST_NOT_LOWERCASE"},
                {"https://127.0.0.1/jpki/signature-return", "IP_ADDRESS_HOST"},
                {url + "/" + "a".repeat(3000), "TOO_LONG"},
                {"", "MISSING"}};
        for (String[] row : hostile) {
            JsonNode answer = check(androidApp, row[0]);
            assertThat(answer.path("allowed").asBoolean()).as(row[0]).isFalse();
            assertThat(answer.path("reason").asText()).as(row[0]).isEqualTo("MALFORMED_URL");
            assertThat(answer.path("urlProblem").asText()).as(row[0]).isEqualTo(row[1]);
        }
        // canonical, but another host: not on the whitelist
        assertAnswer(androidApp, "https://" + host + ".evil.example/jpki/signature-return", false, "NOT_REGISTERED");

        // missing or odd fields are an answer too
        ObjectNode noUrl = JSON.createObjectNode().put("appId", androidApp);
        assertThat(app().post(CHECKS, noUrl.toString()).body().path("urlProblem").asText()).isEqualTo("MISSING");
        ObjectNode noApp = JSON.createObjectNode().put("returnUrl", url);
        assertThat(app().post(CHECKS, noApp.toString()).body().path("reason").asText()).isEqualTo("MALFORMED_APP_ID");
        assertThat(app().post(CHECKS, "{}").status()).isEqualTo(200);
        // a body that is not the JSON object is a bad request
        for (String notJson : List.of("{not json", "[\"" + url + "\"]", "{\"returnUrl\":{\"a\":1},\"appId\":\"x\"}", "\"" + url + "\"")) {
            RestClientForTests.Response bad = app().post(CHECKS, notJson);
            assertThat(bad.status()).as(notJson + ": " + bad.raw()).isEqualTo(400);
            assertThat(bad.body().path("error").asText()).isEqualTo("invalid_request");
        }
        assertThat(app().send("POST", CHECKS, null).status()).as("no body").isIn(400, 415);
    }

    @Test
    void badOperatorInputIsAClearErrorAndChangesNothing() {
        String before = asOperator("GET", PROVIDERS, null).raw();

        RestClientForTests.Response blank = asOperator("POST", PROVIDERS, json(object("name", "  ", "apps", List.of(androidApp))));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body().path("error").asText()).isEqualTo("invalid_request");
        RestClientForTests.Response hostile = asOperator("POST", PROVIDERS, json(object("name", "Example Bank " + tag,
                "apps", List.of(androidApp), "returnUrls", List.of(url, "https://" + host + "@evil.example/cb"))));
        assertThat(hostile.status()).as(hostile.raw()).isEqualTo(400);
        assertThat(hostile.body().path("error").asText()).isEqualTo("malformed_return_url");
        assertThat(hostile.body().path("problem").asText()).isEqualTo("USERINFO");
        assertThat(hostile.body().path("message").asText()).startsWith("return URL 2: ").doesNotContain("evil.example");
        RestClientForTests.Response idn = asOperator("POST", PROVIDERS, json(object("name", "Example Bank " + tag,
                "returnUrls", List.of("https://xn--bnk-9kc" + tag + ".example/cb"))));
        assertThat(idn.body().path("problem").asText()).isEqualTo("PUNYCODE_HOST");
        assertThat(asOperator("POST", PROVIDERS, "{\"name\":").status()).isEqualTo(400);
        assertThat(asOperator("POST", PROVIDERS + "/sp-" + UUID.randomUUID() + "/apps", json(object("appId", androidApp))).status())
                .isEqualTo(404);

        assertThat(asOperator("GET", PROVIDERS, null).raw()).as("no provider was registered").isEqualTo(before);
        assertAnswer(androidApp, url, false, "UNKNOWN_APP");

        // an IDN host an operator confirms is registered, and passes exactly
        RestClientForTests.Response confirmed = asOperator("POST", PROVIDERS, json(object("name", "Example Bank " + tag,
                "apps", List.of(androidApp), "returnUrls", List.of("https://xn--bnk-9kc" + tag + ".example/cb"),
                "confirmPunycodeHosts", true)));
        assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(201);
        assertAnswer(androidApp, "https://xn--bnk-9kc" + tag + ".example/cb", true, "ALLOWED");
        String id = confirmed.body().path("serviceProviderId").asText();
        RestClientForTests.Response twice = asOperator("POST", PROVIDERS + "/" + id + "/return-urls",
                json(object("url", "https://xn--bnk-9kc" + tag + ".example/cb", "confirmPunycodeHost", true)));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body().path("error").asText()).isEqualTo("return_url_already_registered");
        RestClientForTests.Response taken = asOperator("POST", PROVIDERS, json(object("name", "Other " + tag,
                "apps", List.of(androidApp))));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body().path("error").asText()).isEqualTo("app_already_registered");
    }
}
