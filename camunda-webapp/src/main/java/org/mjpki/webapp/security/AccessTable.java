package org.mjpki.webapp.security;

import java.util.List;
import java.util.Optional;
import org.mjpki.webapp.identity.MjpkiGroups;
import org.mjpki.webapp.security.AccessRule.Access;

/**
 * Deny by default (issue 15): every path the server answers is in this table, and a request for any other path is
 * refused before it reaches a servlet ({@link UnlistedPathsRefused}). The first rule that covers a path decides, so the
 * more specific family comes first. A new endpoint family is unreachable until it is added here — and to
 * docs/security/role-matrix.md, which {@code AccessMatrixTest} checks against the running server.
 */
public final class AccessTable {

    private final List<AccessRule> rules;

    public AccessTable(List<AccessRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The server's table. */
    public static AccessTable standard() {
        return new AccessTable(List.of(
                AccessRule.open("/", Access.PUBLIC, 1, "the index: redirects to Cockpit"),
                AccessRule.open("/pki", Access.PUBLIC, AccessRule.ITS_OWN_LIMIT,
                        "CRLs, OCSP and the CA certificates: relying parties never need an account"),
                AccessRule.open("/actuator/health", Access.PUBLIC, 1, "liveness and readiness probes (no details)"),
                AccessRule.groups("/actuator", "mjpki management", false, 4 * KIB, "metrics (Prometheus) and build info",
                        MjpkiGroups.OPERATORS, MjpkiGroups.MONITORING),
                AccessRule.open("/camunda", Access.CAMUNDA_LOGIN, 10 * MIB, "Cockpit, Tasklist and Admin"),
                // Modeler's deploy (POST …/deployment/create) and every other deployment call: process owners alone,
                // operators included out (they are Camunda admins, whom the engine's authorizations never stop)
                AccessRule.groups("/engine-rest/deployment", "mjpki deployments", false, 10 * MIB,
                        "deployments from Camunda Modeler", MjpkiGroups.PROCESS_OWNERS),
                AccessRule.groups("/engine-rest/engine/default/deployment", "mjpki deployments", false, 10 * MIB,
                        "deployments from Camunda Modeler (the engine named)", MjpkiGroups.PROCESS_OWNERS),
                AccessRule.open("/engine-rest", Access.ENGINE_REST, 1 * MIB, "the engine REST API (workers, Camunda Modeler)"),
                // the largest app request is an application: a card-signed CMS with its certificates and an attestation
                // token, a few KiB
                AccessRule.groups("/api", "mjpki app API", true, 64 * KIB, "the app API (the holders' app back end)",
                        MjpkiGroups.APPS, MjpkiGroups.OPERATORS),
                AccessRule.groups("/operator", "mjpki operator API", false, 16 * KIB,
                        "the operator API (linked-revocation sweeps, service providers and their return URLs)", MjpkiGroups.OPERATORS),
                AccessRule.groups("/simulator", "mjpki simulator", false, 64 * KIB, "the simulated world (demo only)",
                        MjpkiGroups.OPERATORS),
                // an applet load (the CAP file) passes here
                AccessRule.groups("/outside", "mjpki outside systems", false, 2 * MIB,
                        "the simulated outside systems for workers apart (demo only)", MjpkiGroups.WORKERS),
                // a simulated world in a process of its own writes its test cards' certificates at this CA, as the
                // worker user (ADR 0028); mapped only while the server runs with its world apart
                AccessRule.groups("/simulated-card-office", "mjpki simulated card office", false, 16 * KIB,
                        "the CA's card office for a simulated world apart (demo only)", MjpkiGroups.WORKERS)));
    }

    /**
     * The table of a simulated world running apart ({@code --mjpki.role=world}, ADR 0028): its operators' calls and the
     * outside systems the server and its workers reach; nothing else.
     */
    public static AccessTable world() {
        return new AccessTable(List.of(
                AccessRule.groups("/simulator", "mjpki simulated world", false, 64 * KIB, "the simulated world (demo only)",
                        MjpkiGroups.OPERATORS),
                AccessRule.groups("/outside", "mjpki outside systems", false, 2 * MIB,
                        "the simulated outside systems: SEI-TSM, relay, push (demo only)", MjpkiGroups.WORKERS)));
    }

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    public List<AccessRule> rules() {
        return rules;
    }

    /** The rule for a request path (the servlet path and path info, as the container decoded and normalized them). */
    public Optional<AccessRule> ruleFor(String path) {
        return rules.stream().filter(r -> r.covers(path)).findFirst();
    }
}
