package org.mjpki.webapp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mjpki.webapp.RestClientForTests;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * What must hold after any fault, counted in the database and on the world's phones (issue 16): every operation ended (no
 * process instance left, none waiting on nothing, no incident); at most one live set per holder; every phone certificate
 * the CA signed is one the registry knows, at most one live per holder and kind; every live set's keys and certificates
 * are those on its phone; no applet on a phone without a live set or a delete pending.
 */
final class Invariants {

    private final WorldApart topology;
    private final JdbcTemplate sql;

    Invariants(WorldApart topology) {
        this.topology = topology;
        this.sql = new JdbcTemplate(new DriverManagerDataSource(topology.database().jdbcUrl(), topology.database().username(),
                topology.database().password()));
    }

    /** Waits (at most {@code within}) until no process instance runs, then checks everything. */
    void awaitSettledThenCheck(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
        }
        List<String> problems = new ArrayList<>();
        problems.addAll(operationsNotEnded());
        problems.addAll(incidents());
        problems.addAll(holdersWithMoreThanOneLiveSet());
        problems.addAll(phoneCertificates());
        problems.addAll(phones());
        assertThat(problems).as("invariants after the faults (logs in %s)", topology.folder()).isEmpty();
    }

    private long running() {
        return sql.queryForObject("SELECT COUNT(*) FROM act_ru_execution WHERE parent_id_ IS NULL", Long.class);
    }

    /** Every instance reached an end event; one still running must at least be waiting on something. */
    private List<String> operationsNotEnded() {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> row : sql.queryForList("""
                SELECT e.proc_inst_id_ AS id, d.key_ AS process, e.business_key_ AS case_id,
                       (SELECT COUNT(*) FROM act_ru_job j WHERE j.process_instance_id_ = e.proc_inst_id_)
                     + (SELECT COUNT(*) FROM act_ru_ext_task t WHERE t.proc_inst_id_ = e.proc_inst_id_)
                     + (SELECT COUNT(*) FROM act_ru_event_subscr s WHERE s.proc_inst_id_ = e.proc_inst_id_)
                     + (SELECT COUNT(*) FROM act_ru_task u WHERE u.proc_inst_id_ = e.proc_inst_id_) AS waits
                  FROM act_ru_execution e JOIN act_re_procdef d ON d.id_ = e.proc_def_id_
                 WHERE e.parent_id_ IS NULL
                """)) {
            problems.add("still running: " + row.get("process") + " " + row.get("case_id")
                    + (((Number) row.get("waits")).longValue() == 0 ? ", waiting on nothing" : ""));
        }
        return problems;
    }

    private List<String> incidents() {
        return sql.queryForList("SELECT incident_type_ || ': ' || COALESCE(incident_msg_, '') FROM act_ru_incident", String.class)
                .stream().map(i -> "incident " + i).toList();
    }

    private List<String> holdersWithMoreThanOneLiveSet() {
        return sql.queryForList("""
                SELECT holder_ref FROM registry.credential_set WHERE state IN ('RESERVED','PERSONALIZING','ACTIVE','ON_HOLD')
                 GROUP BY holder_ref HAVING COUNT(*) > 1
                """, String.class).stream().map(h -> "more than one live set: " + h).toList();
    }

    /**
     * No phone certificate the registry does not know (a step done twice would leave one), and at most one live
     * certificate per holder and kind.
     */
    private List<String> phoneCertificates() {
        List<String> problems = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (Map<String, Object> row : sql.queryForList("""
                SELECT issuing_ca, serial FROM registry.credential_set_key WHERE serial IS NOT NULL
                UNION ALL SELECT issuing_ca, replaces_serial FROM registry.credential_set_key WHERE replaces_serial IS NOT NULL
                UNION ALL SELECT issuing_ca, serial FROM registry.credential_set_key_replacement WHERE serial IS NOT NULL
                """)) {
            known.add(row.get("issuing_ca") + "/" + new BigInteger(row.get("serial").toString()).toString(16));
        }
        for (Map<String, Object> row : sql.queryForList("""
                SELECT issuing_ca, serial, request_id, status FROM ca.certificate
                 WHERE medium = 'SMARTPHONE' AND kind = 'HOLDER' AND status <> 'RESERVED'
                """)) {
            if (!known.contains(row.get("issuing_ca") + "/" + row.get("serial"))) {
                problems.add("a phone certificate the registry does not know: " + row.get("issuing_ca") + "/" + row.get("serial")
                        + " (request " + row.get("request_id") + ", " + row.get("status") + ")");
            }
        }
        problems.addAll(sql.queryForList("""
                SELECT holder_ref || ' ' || profile FROM ca.certificate
                 WHERE medium = 'SMARTPHONE' AND kind = 'HOLDER' AND status IN ('GOOD','ON_HOLD')
                 GROUP BY holder_ref, profile HAVING COUNT(*) > 1
                """, String.class).stream().map(h -> "more than one live phone certificate: " + h).toList());
        return problems;
    }

    /** The phones in the world against the registry: a live set's keys are on its phone; no applet without a set. */
    private List<String> phones() {
        List<String> problems = new ArrayList<>();
        RestClientForTests.Response listed = topology.worldAsOperator().get("/simulator/phones");
        assertThat(listed.status()).as(listed.raw()).isEqualTo(200);
        Map<String, JsonNode> bySeId = new HashMap<>();
        listed.body().forEach(phone -> bySeId.put(phone.path("seId").asText(), phone));
        for (Map<String, Object> set : sql.queryForList("""
                SELECT s.credential_set_id, s.se_id, k.key_role, k.certificate FROM registry.credential_set s
                  JOIN registry.credential_set_key k ON k.credential_set_id = s.credential_set_id
                 WHERE s.state IN ('ACTIVE','ON_HOLD') AND k.revoked_at IS NULL
                """)) {
            JsonNode phone = bySeId.get((String) set.get("se_id"));
            String where = "set " + set.get("credential_set_id") + " " + set.get("key_role");
            if (phone == null || !phone.path("appletInstalled").asBoolean()) {
                problems.add(where + ": no applet on its phone " + set.get("se_id"));
                continue;
            }
            JsonNode onPhone = phone.path("keys").path((String) set.get("key_role"));
            byte[] certificate = (byte[]) set.get("certificate");
            if (certificate == null || !sha256(certificate).equals(onPhone.path("certificateSha256").asText())) {
                problems.add(where + ": the phone holds another certificate than the registry");
            } else if (!sha256(publicKeyOf(certificate)).equals(onPhone.path("publicKeySha256").asText())) {
                problems.add(where + ": the phone's key is not the certificate's");
            }
        }
        Set<String> allowed = new HashSet<>(sql.queryForList("""
                SELECT se_id FROM registry.credential_set
                 WHERE state IN ('RESERVED','PERSONALIZING','ACTIVE','ON_HOLD') OR applet_state IN ('DELETE_PENDING','LEFT_ON_PHONE')
                """, String.class));
        bySeId.forEach((seId, phone) -> {
            if (phone.path("appletInstalled").asBoolean() && !allowed.contains(seId)) {
                problems.add("an applet on phone " + seId + " without a live set or a delete pending");
            }
        });
        return problems;
    }

    private static byte[] publicKeyOf(byte[] certificate) {
        try {
            X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
            return x509.getPublicKey().getEncoded();
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException("the registry holds an unreadable certificate", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
