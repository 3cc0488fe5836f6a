package org.mjpki.webapp.production;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.env.Environment;

/**
 * What a production start must not run with (issue 15, docs/production.md): the demo's defaults are safe for the
 * demo only. Each refusal names the setting to change, and the environment variable that sets it where there is one.
 * Pure: it reads the environment and changes nothing, so it runs before any bean exists — before a key or a database
 * file could be created.
 */
public final class ProductionReadiness {

    /** The profile that asks for a production start. */
    public static final String PROFILE = "production";

    /** The passwords the demo ships with (application.yaml): never in production. */
    static final Set<String> DEMO_PASSWORDS = Set.of("demo", "callcenter", "worker-secret-change-me", "app-secret-change-me",
            "postgres", "sa", "password", "changeme", "change-me", "secret", "admin", "processowner", "monitoring");

    /** Shorter than this is refused as a password a person chose to remember, not a generated secret. */
    static final int MIN_PASSWORD_LENGTH = 12;

    /** The file the simulated attestation service writes its public key to (the simulator's folder). */
    static final String SIMULATED_ATTESTATION_ANCHOR = "attestation-trust-anchor.pem";

    /** One setting that refuses the start. */
    public record Refusal(String setting, String reason) {
        @Override
        public String toString() {
            return setting + ": " + reason;
        }
    }

    private ProductionReadiness() {}

    public static boolean requested(Environment env) {
        return env.acceptsProfiles(org.springframework.core.env.Profiles.of(PROFILE));
    }

    /** Every refusal of this environment; empty when it may start. */
    public static List<Refusal> refusals(Environment env) {
        List<Refusal> refusals = new ArrayList<>();
        database(env, refusals);
        // the workers apart (mjpki.role=workers) have no engine and no users of their own but their login to the server
        boolean server = !"workers".equals(env.getProperty("mjpki.role", env.getProperty("MJPKI_ROLE", "server")));
        if (server) {
            password(env, refusals, "camunda.bpm.admin-user.password", "MJPKI_ADMIN_PASSWORD");
            String admin = env.getProperty("camunda.bpm.admin-user.id");
            if (blank(admin) || "demo".equals(admin)) {
                refusals.add(new Refusal("camunda.bpm.admin-user.id (MJPKI_ADMIN_USER)",
                        "name the first operator; the demo's 'demo' is known to everyone"));
            }
            password(env, refusals, "mjpki.identity.app-password", "MJPKI_APP_PASSWORD");
            optionalUser(env, refusals, "call-center", "CALL_CENTER");
            optionalUser(env, refusals, "process-owner", "PROCESS_OWNER");
            optionalUser(env, refusals, "monitoring", "MONITORING");
        }
        password(env, refusals, "mjpki.identity.worker-password", "MJPKI_WORKER_PASSWORD");
        onTheFly(env, refusals, "mjpki.ca.keystore.create-missing", true,
                "the CA and OCSP signer keys must exist before the first start (made at a key ceremony), never be created by a start");
        onTheFly(env, refusals, "mjpki.workers.create-issuer-master-key", true,
                "the SE issuer master key must be provisioned, never created by a start");
        onTheFly(env, refusals, "mjpki.workers.create-holder-lookup-key", true,
                "the holder look-up key must be provisioned (every node computes the same digests), never created by a start");
        if (env.getProperty("mjpki.simulator.enabled", Boolean.class, true)) {
            refusals.add(new Refusal("mjpki.simulator.enabled",
                    "the simulated phones, SEI-TSM, relay, push service, card office and attestation service are on: set false"));
        }
        if (!blank(env.getProperty("mjpki.workers.outside.url"))) {
            refusals.add(new Refusal("mjpki.workers.outside.url",
                    "the workers would drive the simulators' HTTP binding of the outside systems, not the real ones"));
        }
        List<String> anchors = new ArrayList<>();
        for (String listed : env.getProperty("mjpki.workers.attestation-trust-anchors", "").split(",")) {
            anchors.add(listed.strip());
        }
        for (int i = 0; env.getProperty("mjpki.workers.attestation-trust-anchors[" + i + "]") != null; i++) {
            anchors.add(env.getProperty("mjpki.workers.attestation-trust-anchors[" + i + "]").strip());
        }
        anchors.removeIf(String::isEmpty);
        String anchorSetting = "mjpki.workers.attestation-trust-anchors (MJPKI_ATTESTATION_TRUST_ANCHORS)";
        if (anchors.isEmpty()) {
            refusals.add(new Refusal(anchorSetting, "no attestation service is trusted: no phone could be vouched for (R15)"));
        }
        for (String anchor : anchors) {
            String file = anchor.replace('\\', '/');
            if (file.endsWith("/" + SIMULATED_ATTESTATION_ANCHOR) || file.equals(SIMULATED_ATTESTATION_ANCHOR)
                    || file.contains("/simulator/")) {
                refusals.add(new Refusal(anchorSetting,
                        "the simulated attestation service's key (" + file + ") would be trusted to vouch for phones"));
            }
        }
        return refusals;
    }

    private static void database(Environment env, List<Refusal> refusals) {
        String url = env.getProperty("spring.datasource.url", "");
        if (blank(url)) {
            refusals.add(new Refusal("spring.datasource.url (MJPKI_DB_URL)", "no database: name the PostgreSQL server"));
        } else if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
            refusals.add(new Refusal("spring.datasource.url (MJPKI_DB_URL)",
                    "H2 is the demo's database; production runs on PostgreSQL"));
        } else if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            refusals.add(new Refusal("spring.datasource.url (MJPKI_DB_URL)", "production runs on PostgreSQL"));
        }
        password(env, refusals, "spring.datasource.password", "MJPKI_DB_PASSWORD");
    }

    /** A demo user left configured needs a real password too; none configured is fine (staff are added in Admin). */
    private static void optionalUser(Environment env, List<Refusal> refusals, String role, String variable) {
        if (!blank(env.getProperty("mjpki.identity." + role + "-user"))) {
            password(env, refusals, "mjpki.identity." + role + "-password", "MJPKI_" + variable + "_PASSWORD");
        }
    }

    private static void password(Environment env, List<Refusal> refusals, String setting, String variable) {
        String value = env.getProperty(setting);
        String name = setting + " (" + variable + ")";
        if (blank(value)) {
            refusals.add(new Refusal(name, "empty"));
        } else if (DEMO_PASSWORDS.contains(value.strip().toLowerCase(Locale.ROOT))) {
            refusals.add(new Refusal(name, "a default password of the demo"));
        } else if (value.length() < MIN_PASSWORD_LENGTH) {
            refusals.add(new Refusal(name, "shorter than " + MIN_PASSWORD_LENGTH + " characters"));
        }
    }

    private static void onTheFly(Environment env, List<Refusal> refusals, String setting, boolean demoDefault, String reason) {
        if (env.getProperty(setting, Boolean.class, demoDefault)) {
            refusals.add(new Refusal(setting, reason + ": set false"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
