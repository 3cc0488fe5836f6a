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
                AccessRule.open("/", Access.PUBLIC, "the index: redirects to Cockpit"),
                AccessRule.open("/pki", Access.PUBLIC, "CRLs, OCSP and the CA certificates: relying parties never need an account"),
                AccessRule.open("/actuator/health", Access.PUBLIC, "liveness and readiness probes (no details)"),
                AccessRule.groups("/actuator", "mjpki management", false, "metrics (Prometheus) and build info",
                        MjpkiGroups.OPERATORS, MjpkiGroups.MONITORING),
                AccessRule.open("/camunda", Access.CAMUNDA_LOGIN, "Cockpit, Tasklist and Admin"),
                // Modeler's deploy (POST …/deployment/create) and every other deployment call: process owners alone,
                // operators included out (they are Camunda admins, whom the engine's authorizations never stop)
                AccessRule.groups("/engine-rest/deployment", "mjpki deployments", false,
                        "deployments from Camunda Modeler", MjpkiGroups.PROCESS_OWNERS),
                AccessRule.groups("/engine-rest/engine/default/deployment", "mjpki deployments", false,
                        "deployments from Camunda Modeler (the engine named)", MjpkiGroups.PROCESS_OWNERS),
                AccessRule.open("/engine-rest", Access.ENGINE_REST, "the engine REST API (workers, Camunda Modeler)"),
                AccessRule.groups("/api", "mjpki app API", true, "the app API (the holders' app back end)",
                        MjpkiGroups.APPS, MjpkiGroups.OPERATORS),
                AccessRule.groups("/operator", "mjpki operator API", false, "the operator API (linked-revocation sweeps)",
                        MjpkiGroups.OPERATORS),
                AccessRule.groups("/simulator", "mjpki simulator", false, "the simulated world (demo only)",
                        MjpkiGroups.OPERATORS),
                AccessRule.groups("/outside", "mjpki outside systems", false,
                        "the simulated outside systems for workers apart (demo only)", MjpkiGroups.WORKERS)));
    }

    public List<AccessRule> rules() {
        return rules;
    }

    /** The rule for a request path (the servlet path and path info, as the container decoded and normalized them). */
    public Optional<AccessRule> ruleFor(String path) {
        return rules.stream().filter(r -> r.covers(path)).findFirst();
    }
}
