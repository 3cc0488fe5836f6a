package org.mjpki.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.webapp.callcenter.CallCenterForTests;
import org.mjpki.simulator.SimulatedWorld;
import org.mjpki.simulator.app.AppApiClient.ApplicationStatus;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issues 5, 10 and 13, secrets never leak: no signing password (typed for issuance, the operation check and a revocation
 * from the phone, changed on the phone, set anew by a lock release, or typed wrong) and no user-auth PIN of any
 * simulated holder of this test JVM
 * ({@link SimulatedWorld#everyHolderInThisJvm()}, also holders of test servers already stopped)
 * is in any table of the database or in any line the server logged.
 *
 * <p>It runs after every other test class of the suite (highest {@link Order}; {@code junit-platform.properties}
 * orders classes by {@code @Order}, and classes without one come first), so it searches what all of them left
 * behind; it also runs one complete issuance itself, so it proves something when run alone.
 *
 * <p>Where it looks: every base table of every schema of the test database (Camunda's runtime, history,
 * identity and byte-array tables, {@code registry}, {@code ca}, {@code quartz}, and any other), every column of
 * a character or {@code bytea} type, found through {@code information_schema}; {@code bytea} values are read as
 * ASCII (ISO-8859-1, byte for byte). And the test server's log file ({@code logging.file.name}, set for tests
 * in {@code src/test/resources/config/application.yaml}), every line of it.
 *
 * <p>How it matches:
 * <ul>
 *   <li>A <b>signing password</b> (8–16 characters A–Z, 0–9) is a leak wherever it appears as a substring of a
 *       column value or a log line. By chance such a string appears in the stored certificates, CMS documents,
 *       tokens or log text with a probability far below 10⁻⁹.</li>
 *   <li>A <b>user-auth PIN</b> is four digits: as a substring it would be found by chance in any serial number,
 *       timestamp or byte string. So a PIN counts only as a <em>whole value</em>: a column whose whole value
 *       (trimmed) is the PIN, or a log line in which the PIN is a whole token — a maximal run of letters and
 *       digits — of the message. The message is what follows the Spring Boot line prefix (time, level, process id,
 *       thread, logger); the prefix is written by the logging system and carries no data of ours, and its process
 *       id and year would otherwise collide with PINs by chance. For the same reason the numbers the logging code
 *       makes itself (UUIDs, times, stack-frame lines, durations, ports: {@link #MACHINE_WRITTEN}) are not tokens.
 *       A PIN written as a value ({@code pin=1234}, {@code "1234"}, {@code PIN 1234}) is found; a PIN glued to
 *       other letters or digits is not.</li>
 * </ul>
 * Hits are reported by where (table and column, or log line number) and whose (holder number), never with the
 * value. So that a broken search cannot pass, the same search must find known non-secret values: the probe
 * issuance's application id in the registry, in Camunda's history, in the CA's table, inside a {@code bytea}
 * column and in the log; its business key as a whole column value; and its certificate serial as a whole log token.
 */
@Order(Integer.MAX_VALUE)
class SecretsLeakTest extends EndToEndOnPostgres {

    /** Spring Boot's default file line: time, level, pid, "---", optional [app name], [thread], logger, " : ". */
    private static final Pattern LOG_PREFIX = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}T\\S+\\s+[A-Z]+\\s+\\d+\\s+---\\s+(?:\\[[^\\]]*\\]\\s+)?\\[[^\\]]*\\]\\s+\\S+\\s+:\\s");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]+");
    /**
     * Numbers in a message that the logging code writes from values of its own, never from what a holder typed:
     * UUIDs (holder refs, application ids, request ids), ISO-8601 and {@code Date#toString} times, stack-frame
     * source positions, durations in ms, host:port, PIDs and ports, dotted version numbers. Their four-digit groups would match PINs by
     * chance (two random UUIDs in five have an all-digit group), so they are blanked before the
     * message is cut into tokens for the PIN search; the password search still reads the whole line.
     */
    private static final Pattern MACHINE_WRITTEN = Pattern.compile(String.join("|",
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
            "\\d{4}-\\d{2}-\\d{2}(?:T[0-9:.]+(?:Z|[+-]\\d{2}:\\d{2})?)?",
            "[A-Z][a-z]{2} [A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2} [A-Z]{2,5} \\d{4}",
            "\\(\\w+\\.java:\\d+\\)",
            "\\b\\d+ ?ms\\b",
            "\\b(?:localhost|\\d{1,3}(?:\\.\\d{1,3}){3}):\\d+",
            "\\bPID \\d+",
            "\\bport \\d+",
            // dotted version numbers of libraries and the browser (Selenium logs "156.0.8078.114": a chance PIN, CI 2026-12-02)
            "\\b\\d+(?:\\.\\d+){2,}\\b"));

    @Autowired Environment environment;

    /** A value to look for: a substring anywhere, or a whole value (column) / whole token (log message). */
    record Needle(String label, String value, boolean whole, boolean secret) {}

    /** Where one needle was found: "schema.table.column", "schema.table.column (bytea)" or "log line N". */
    private final Map<Needle, Set<String>> found = new LinkedHashMap<>();

    @Test
    void noHolderPasswordOrPinIsInAnyTableOrLogLine() throws IOException {
        // a complete issuance of our own: a holder who set and used both secrets, and known values to find
        SimulatedHolder probeHolder = newHolder();
        ApplicationStatus probe = world.app().issue(probeHolder, DEADLINE);
        assertThat(probe.stage()).isEqualTo("COMPLETED");
        String probeSerial = registry.key(registry.setOfApplication(probe.applicationId()).orElseThrow().credentialSetId(), KeyRole.SIGNING).orElseThrow().serial().toString(16);
        // locks the PIN and releases it with the card (a new PIN typed, encrypted for the applet, relayed by the server),
        // then changes the signing password on the phone: old and new secrets alike must be nowhere
        for (int i = 0; i < org.mjpki.applet.client.SecretKind.USER_AUTH_PIN.tryLimit(); i++) {
            world.app().typeWrongSecret(probeHolder, org.mjpki.applet.client.SecretKind.USER_AUTH_PIN);
        }
        assertThat(world.app().releaseLock(probeHolder, org.mjpki.applet.client.SecretKind.USER_AUTH_PIN, DEADLINE).stage())
                .isEqualTo("COMPLETED");
        world.app().changeSecret(probeHolder, org.mjpki.applet.client.SecretKind.SIGNING_PASSWORD);
        // moves it to a new phone (device change: new secrets typed there, the old set revoked and its applet deleted)
        SimulatedHolder movedHolder = world.samePersonNewPhone(probeHolder,
                org.mjpki.simulator.phone.DeviceFacts.eligibleDefault());
        ApplicationStatus change = world.app().changeDevice(movedHolder, DEADLINE);
        assertThat(change.stage()).isEqualTo("COMPLETED");
        // and revokes it from the new phone: the holder typed the signing password again, for the revocation request
        var revocation = world.app().revoke(movedHolder, org.mjpki.simulator.app.RevocationRequest.Reason.NO_LONGER_USED);
        assertThat(world.app().awaitRevocationFinished(revocation.revocationId(), deadline()).stage()).isEqualTo("COMPLETED");

        List<Needle> needles = new ArrayList<>();
        List<SimulatedHolder> holders = SimulatedWorld.everyHolderInThisJvm();
        assertThat(holders).contains(probeHolder, movedHolder);
        for (int i = 0; i < holders.size(); i++) {
            // every secret the holder ever chose: the first password and PIN, changed and released ones, wrong ones typed
            List<String> secrets = holders.get(i).secretsForLeakCheck();
            assertThat(secrets.size()).as("holder %d chose a password and a PIN", i).isGreaterThanOrEqualTo(2);
            for (int k = 0; k < secrets.size(); k++) {
                String secret = secrets.get(k);
                boolean pin = secret.length() == 4;
                // guard the matching rules themselves (checked without showing the values)
                assertThat(pin ? secret.matches("[0-9]{4}") : secret.matches("[A-Z0-9]{8,16}"))
                        .as("holder %d's secret %d has a documented form", i, k).isTrue();
                needles.add(new Needle("holder " + i + (pin ? " user-auth PIN " : " signing password ") + k, secret, pin, true));
            }
        }
        assertThat(probeHolder.secretsForLeakCheck()).as("the probe's old and new secrets are all searched: 2 first, 3 wrong PINs, the released PIN, the changed password").hasSizeGreaterThanOrEqualTo(2 + 3 + 2);
        Needle probeId = new Needle("probe application id", probe.applicationId(), false, false);
        Needle probeIdWhole = new Needle("probe application id as a whole value", probe.applicationId(), true, false);
        Needle probeSerialToken = new Needle("probe certificate serial as a whole log token", probeSerial, true, false);
        Needle probeRevocation = new Needle("probe revocation id", revocation.revocationId(), false, false);
        needles.addAll(List.of(probeId, probeIdWhole, probeSerialToken, probeRevocation));
        needles.forEach(n -> found.put(n, new LinkedHashSet<>()));

        Set<String> schemas = searchDatabase(needles);
        Path log = searchLog(needles);

        // the search reached everywhere it should, and finds what is there
        assertThat(schemas).as("schemas searched").contains("public", "registry", "ca", "quartz");
        assertThat(found.get(probeId)).as("the probe id in the registry, Camunda's history, the CA, a bytea column and the log")
                .contains("registry.application.application_id", "public.act_hi_procinst.business_key_",
                        "registry.application.signed_application (bytea)")
                .anyMatch(where -> where.startsWith("ca.certificate."))
                .anyMatch(where -> where.startsWith("log line "));
        assertThat(found.get(probeRevocation)).as("the probe revocation in the registry and Camunda's history")
                .contains("registry.holder_request.request_id", "public.act_hi_procinst.business_key_");
        assertThat(found.get(probeIdWhole)).as("whole-value matching works").contains("public.act_hi_procinst.business_key_");
        assertThat(found.get(probeSerialToken)).as("whole-token matching works in %s", log)
                .anyMatch(where -> where.startsWith("log line "));

        // and no secret anywhere
        Map<String, Set<String>> leaks = new LinkedHashMap<>();
        found.forEach((needle, where) -> {
            if (needle.secret() && !where.isEmpty()) {
                leaks.put(needle.label(), where);
            }
        });
        assertThat(leaks).as("secrets found (holder and place; values never shown), %d holders searched in %d schemas and %s",
                holders.size(), schemas.size(), log).isEmpty();
    }

    /**
     * Issue 12: what callers told the call center (the four facts typed into "Identify the caller", by every test of
     * this JVM, {@link CallCenterForTests#factsTypedInThisJvm()}) is in no process variable, no history, no text column
     * of any schema and no log line. Only certificates and card-signed applications hold a holder's facts, as bytes of
     * the CA's and the registry's {@code bytea} columns, and they are allowed there: the search must find the probe
     * holder's name in them, which proves it reads those bytes.
     */
    @Test
    void noCallerFactIsInAnyProcessTableTextColumnOrLogLine() throws IOException {
        SimulatedHolder probeHolder = newHolder();
        assertThat(world.app().issue(probeHolder, DEADLINE).stage()).isEqualTo("COMPLETED");
        CallCenterForTests callCenter = new CallCenterForTests();
        String report = callCenter.holdSetOf(probeHolder.card().holder(), "LOST");
        poll("the probe's set on hold", () -> registry.set(probeHolder.credentialSetId().orElseThrow()).orElseThrow().state(),
                state -> state == org.mjpki.registry.CredentialState.ON_HOLD);
        String nobody = callCenter.startReport();
        callCenter.identify(nobody, "照合 不一致" + System.nanoTime(), "1980-02-03", "MALE", "沖縄県那覇市試験" + System.nanoTime());

        List<Needle> needles = new ArrayList<>();
        List<String> typed = CallCenterForTests.factsTypedInThisJvm();
        assertThat(typed).as("facts typed to the call center in this JVM").hasSizeGreaterThanOrEqualTo(4);
        for (int i = 0; i < typed.size(); i++) {
            String fact = typed.get(i);
            // guards the search itself: a fact as short as a word would be found everywhere by chance
            assertThat(fact.length()).as("caller fact %d is long enough to search for", i).isGreaterThanOrEqualTo(4);
            for (String form : new LinkedHashSet<>(List.of(fact, java.text.Normalizer.normalize(fact, java.text.Normalizer.Form.NFKC)))) {
                needles.add(new Needle("caller fact " + i, form, false, true));
                // as its UTF-8 bytes inside a bytea column (read as ISO-8859-1, one char per byte)
                needles.add(new Needle("caller fact " + i + " (UTF-8 bytes)",
                        new String(form.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), false, true));
            }
        }
        Needle probeName = new Needle("probe holder's name as UTF-8 bytes",
                new String(probeHolder.card().holder().name().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1),
                false, false);
        Needle probeReport = new Needle("probe report's business key", "hold-" + report, true, false);
        needles.addAll(List.of(probeName, probeReport));
        needles.forEach(n -> found.put(n, new LinkedHashSet<>()));

        searchDatabase(needles);
        Path log = searchLog(needles);

        assertThat(found.get(probeName)).as("the search reads certificates' bytes").anyMatch(w -> w.startsWith("ca.certificate."));
        assertThat(found.get(probeReport)).as("the search finds the report in Camunda's history")
                .contains("public.act_hi_procinst.business_key_");
        Map<String, Set<String>> leaks = new LinkedHashMap<>();
        found.forEach((needle, where) -> {
            Set<String> outsideCertificates = new LinkedHashSet<>();
            for (String place : where) {
                boolean certificateBytes = place.endsWith(" (bytea)") && (place.startsWith("ca.") || place.startsWith("registry."));
                if (!certificateBytes) {
                    outsideCertificates.add(place);
                }
            }
            if (needle.secret() && !outsideCertificates.isEmpty()) {
                leaks.merge(needle.label(), outsideCertificates, (a, b) -> {
                    a.addAll(b);
                    return a;
                });
            }
        });
        assertThat(leaks).as("caller facts found (which fact and where; values never shown), %d facts searched and %s",
                typed.size(), log).isEmpty();
    }

    /** Searches every character and bytea column of every base table; returns the schemas searched. */
    private Set<String> searchDatabase(List<Needle> needles) {
        JdbcTemplate jdbc = sql();
        List<Map<String, Object>> columns = jdbc.queryForList("""
                SELECT c.table_schema, c.table_name, c.column_name, c.data_type
                  FROM information_schema.columns c
                  JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                 WHERE t.table_type = 'BASE TABLE'
                   AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
                   AND c.table_schema NOT LIKE 'pg\\_%'
                   AND c.data_type IN ('text', 'character varying', 'character', 'bytea', 'json', 'jsonb', 'xml')
                 ORDER BY 1, 2, 3
                """);
        assertThat(columns).as("columns to search").hasSizeGreaterThan(100);
        Set<String> schemas = new LinkedHashSet<>();
        for (Map<String, Object> column : columns) {
            String schema = (String) column.get("table_schema");
            String table = (String) column.get("table_name");
            String name = (String) column.get("column_name");
            boolean bytea = "bytea".equals(column.get("data_type"));
            schemas.add(schema);
            String where = schema + "." + table + "." + name + (bytea ? " (bytea)" : "");
            String sql = "SELECT " + quote(name) + (bytea ? "" : "::text") + " FROM " + quote(schema) + "." + quote(table)
                    + " WHERE " + quote(name) + " IS NOT NULL";
            jdbc.query(sql, rs -> {
                String value = bytea ? new String(rs.getBytes(1), StandardCharsets.ISO_8859_1) : rs.getString(1);
                for (Needle needle : needles) {
                    if (needle.whole() ? value.strip().equals(needle.value()) : value.contains(needle.value())) {
                        found.get(needle).add(where);
                    }
                }
            });
        }
        return schemas;
    }

    /** Searches every line the server logged to its file in this JVM; returns the file. */
    private Path searchLog(List<Needle> needles) throws IOException {
        String name = environment.getProperty("logging.file.name");
        assertThat(name).as("the test server writes its log to a file").isNotBlank();
        Path file = Path.of(name).toAbsolutePath();
        assertThat(file).as("the test server's log file").isRegularFile();
        List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).as("lines logged").hasSizeGreaterThan(50);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            Matcher prefix = LOG_PREFIX.matcher(line);
            boolean prefixed = prefix.lookingAt();
            String message = prefixed ? line.substring(prefix.end()) : line;
            // the logger's name says where to look, and is ours, never a holder's
            String where = "log line " + (n + 1) + (prefixed ? " (" + loggerOf(line.substring(0, prefix.end())) + ")" : "");
            Set<String> tokens = new java.util.HashSet<>();
            Matcher token = TOKEN.matcher(MACHINE_WRITTEN.matcher(message).replaceAll(" "));
            while (token.find()) {
                tokens.add(token.group());
            }
            for (Needle needle : needles) {
                if (needle.whole() ? tokens.contains(needle.value()) : line.contains(needle.value())) {
                    found.get(needle).add(where);
                }
            }
        }
        return file;
    }

    /** The logger column of a Spring Boot line prefix ("... [thread] o.m.w.SomeLogger   : "). */
    private static String loggerOf(String prefix) {
        String[] words = prefix.trim().split("\\s+");
        return words.length >= 2 ? words[words.length - 2] : "?";
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
