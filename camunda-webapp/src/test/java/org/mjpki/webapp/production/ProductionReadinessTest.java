package org.mjpki.webapp.production;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mjpki.MjpkiApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Issue 15, safe by default: a production start is refused, naming the setting, for every demo default — and the
 * demo (no profile) starts as it always did. The settings are read as the server reads them: application.yaml under
 * application-production.yaml, their placeholders filled from what would be the environment.
 */
class ProductionReadinessTest {

    /** A production environment as an operator would set it: every variable given, nothing of the demo. */
    static Map<String, Object> goodVariables() {
        Map<String, Object> env = new HashMap<>();
        env.put("MJPKI_DB_URL", "jdbc:postgresql://db.internal:5432/mjpki");
        env.put("MJPKI_DB_USER", "mjpki");
        env.put("MJPKI_DB_PASSWORD", "Gq7-database-secret-from-vault");
        env.put("MJPKI_WORKER_PASSWORD", "W0rker-secret-from-vault-1");
        env.put("MJPKI_APP_PASSWORD", "App-secret-from-vault-2");
        env.put("MJPKI_ADMIN_USER", "opsLead");
        env.put("MJPKI_ADMIN_PASSWORD", "Admin-secret-from-vault-3");
        env.put("MJPKI_ATTESTATION_TRUST_ANCHORS", "/etc/mjpki/attestation/vendor-a.pem,/etc/mjpki/attestation/vendor-b.pem");
        return env;
    }

    /** The server's settings with the production profile, placeholders resolved against {@code variables}. */
    static StandardEnvironment production(Map<String, Object> variables, Map<String, Object> overrides) throws IOException {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        env.getPropertySources().addFirst(new MapPropertySource("variables", new HashMap<>(variables)));
        yaml.load("application", new ClassPathResource("application.yaml")).forEach(env.getPropertySources()::addLast);
        yaml.load("application-production", new ClassPathResource("application-production.yaml"))
                .forEach(env.getPropertySources()::addFirst);
        env.getPropertySources().addFirst(new MapPropertySource("overrides", new HashMap<>(overrides)));
        env.setActiveProfiles(ProductionReadiness.PROFILE);
        return env;
    }

    static List<String> refused(Map<String, Object> variables, Map<String, Object> overrides) throws IOException {
        return ProductionReadiness.refusals(production(variables, overrides)).stream().map(ProductionReadiness.Refusal::setting).toList();
    }

    @Test
    void theShippedProductionSettingsWithEveryVariableSetMayStart() throws IOException {
        assertThat(ProductionReadiness.refusals(production(goodVariables(), Map.of()))).isEmpty();
    }

    @Test
    void theShippedProductionSettingsWithNoVariableSetNameEveryOneOfThem() throws IOException {
        assertThat(refused(Map.of(), Map.of())).containsExactlyInAnyOrder(
                "spring.datasource.url (MJPKI_DB_URL)", "spring.datasource.password (MJPKI_DB_PASSWORD)",
                "camunda.bpm.admin-user.password (MJPKI_ADMIN_PASSWORD)", "camunda.bpm.admin-user.id (MJPKI_ADMIN_USER)",
                "mjpki.identity.app-password (MJPKI_APP_PASSWORD)", "mjpki.identity.worker-password (MJPKI_WORKER_PASSWORD)",
                "mjpki.workers.attestation-trust-anchors (MJPKI_ATTESTATION_TRUST_ANCHORS)");
    }

    static Stream<Arguments> oneDemoDefaultEach() {
        return Stream.of(
                Arguments.of("spring.datasource.url", "jdbc:h2:file:./data/mjpki-db", "spring.datasource.url (MJPKI_DB_URL)"),
                Arguments.of("spring.datasource.url", "jdbc:mysql://db/mjpki", "spring.datasource.url (MJPKI_DB_URL)"),
                Arguments.of("spring.datasource.password", "postgres", "spring.datasource.password (MJPKI_DB_PASSWORD)"),
                Arguments.of("camunda.bpm.admin-user.id", "demo", "camunda.bpm.admin-user.id (MJPKI_ADMIN_USER)"),
                Arguments.of("camunda.bpm.admin-user.password", "demo", "camunda.bpm.admin-user.password (MJPKI_ADMIN_PASSWORD)"),
                Arguments.of("camunda.bpm.admin-user.password", "Short-1", "camunda.bpm.admin-user.password (MJPKI_ADMIN_PASSWORD)"),
                Arguments.of("mjpki.identity.worker-password", "worker-secret-change-me", "mjpki.identity.worker-password (MJPKI_WORKER_PASSWORD)"),
                Arguments.of("mjpki.identity.worker-password", "   ", "mjpki.identity.worker-password (MJPKI_WORKER_PASSWORD)"),
                Arguments.of("mjpki.identity.app-password", "APP-SECRET-CHANGE-ME", "mjpki.identity.app-password (MJPKI_APP_PASSWORD)"),
                Arguments.of("mjpki.ca.keystore.create-missing", "true", "mjpki.ca.keystore.create-missing"),
                Arguments.of("mjpki.workers.create-issuer-master-key", "true", "mjpki.workers.create-issuer-master-key"),
                Arguments.of("mjpki.workers.create-holder-lookup-key", "true", "mjpki.workers.create-holder-lookup-key"),
                Arguments.of("mjpki.simulator.enabled", "true", "mjpki.simulator.enabled"),
                Arguments.of("mjpki.workers.outside.url", "http://server:8080/outside", "mjpki.workers.outside.url"),
                Arguments.of("mjpki.workers.attestation-trust-anchors", "/etc/mjpki/a.pem,./data/simulator/attestation-trust-anchor.pem",
                        "mjpki.workers.attestation-trust-anchors (MJPKI_ATTESTATION_TRUST_ANCHORS)"),
                Arguments.of("mjpki.workers.attestation-trust-anchors", " ",
                        "mjpki.workers.attestation-trust-anchors (MJPKI_ATTESTATION_TRUST_ANCHORS)"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("oneDemoDefaultEach")
    void eachDemoDefaultRefusesTheStartByItsName(String setting, String value, String named) throws IOException {
        assertThat(refused(goodVariables(), Map.of(setting, value))).containsExactly(named);
    }

    @Test
    void aCallCenterUserOfTheDemoNeedsARealPasswordAndNoneIsFine() throws IOException {
        assertThat(refused(goodVariables(), Map.of("mjpki.identity.call-center-user", "callcenter",
                "mjpki.identity.call-center-password", "callcenter")))
                .containsExactly("mjpki.identity.call-center-password (MJPKI_CALL_CENTER_PASSWORD)");
        assertThat(refused(goodVariables(), Map.of("mjpki.identity.call-center-user", "desk1",
                "mjpki.identity.call-center-password", "Desk-secret-from-vault-4"))).isEmpty();
    }

    @Test
    void settingsLeftOutFallBackToTheDemoAndAreRefused() throws IOException {
        // a production profile of one's own that forgets a setting gets the demo's default (true), which is refused
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("bare", Map.of(
                "spring.datasource.url", "jdbc:postgresql://db/mjpki", "spring.datasource.password", "Gq7-database-secret-x",
                "camunda.bpm.admin-user.id", "opsLead", "camunda.bpm.admin-user.password", "Admin-secret-from-vault",
                "mjpki.identity.worker-password", "W0rker-secret-from-vault", "mjpki.identity.app-password", "App-secret-from-vault")));
        assertThat(ProductionReadiness.refusals(env).stream().map(ProductionReadiness.Refusal::setting))
                .containsExactlyInAnyOrder("mjpki.ca.keystore.create-missing", "mjpki.workers.create-issuer-master-key",
                        "mjpki.workers.create-holder-lookup-key", "mjpki.simulator.enabled",
                        "mjpki.workers.attestation-trust-anchors (MJPKI_ATTESTATION_TRUST_ANCHORS)");
    }

    @Test
    void theWorkersApartNeedOnlyTheirOwnLogin() throws IOException {
        Map<String, Object> variables = goodVariables();
        variables.remove("MJPKI_ADMIN_USER");
        variables.remove("MJPKI_ADMIN_PASSWORD");
        variables.remove("MJPKI_APP_PASSWORD");
        assertThat(refused(variables, Map.of("mjpki.role", "workers"))).isEmpty();
        assertThat(refused(variables, Map.of("mjpki.role", "workers", "mjpki.identity.worker-password", "")))
                .containsExactly("mjpki.identity.worker-password (MJPKI_WORKER_PASSWORD)");
    }

    @Test
    void aProductionStartWithTheDemoDefaultsIsRefusedBeforeAnythingIsCreated() throws IOException {
        Path dataDir = Files.createTempDirectory("mjpki-production-refused");
        assertThatThrownBy(() -> new SpringApplicationBuilder(MjpkiApplication.class)
                .profiles(ProductionReadiness.PROFILE)
                // as an operator would start it: command-line settings over application-production.yaml
                .run("--mjpki.data-dir=" + dataDir, "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:file:" + dataDir + "/mjpki-db",
                        "--mjpki.identity.worker-password=worker-secret-change-me", "--mjpki.simulator.enabled=true"))
                .isInstanceOf(ProductionStartGuard.ProductionRefusedException.class)
                .hasMessageContaining("spring.datasource.url (MJPKI_DB_URL): H2 is the demo's database")
                .hasMessageContaining("mjpki.identity.worker-password (MJPKI_WORKER_PASSWORD): a default password of the demo")
                .hasMessageContaining("mjpki.simulator.enabled")
                .hasMessageContaining("docs/production.md")
                .satisfies(e -> assertThat(e.getMessage()).as("no value is printed").doesNotContain("worker-secret-change-me"));
        try (Stream<Path> created = Files.list(dataDir)) {
            assertThat(created).as("no database file, no key, no folder").isEmpty();
        }
    }

    @Test
    void withoutTheProductionProfileNothingIsChecked() {
        StandardEnvironment demo = new StandardEnvironment();
        assertThat(ProductionReadiness.requested(demo)).isFalse();
        demo.setActiveProfiles("postgres");
        assertThat(ProductionReadiness.requested(demo)).isFalse();
        demo.setActiveProfiles("postgres", ProductionReadiness.PROFILE);
        assertThat(ProductionReadiness.requested(demo)).isTrue();
    }
}
