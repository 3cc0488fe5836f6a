package org.mjpki.webapp.security;

import java.util.Set;

/**
 * One row of the access table ({@link AccessTable}, docs/security/role-matrix.md): a path family and who may reach it.
 *
 * @param path    the family: this path and everything under it ({@code "/"} is the root alone)
 * @param access  how a caller is let in
 * @param groups  for {@link Access#GROUPS}: the groups admitted (HTTP Basic against Camunda's identity service)
 * @param realm   for {@link Access#GROUPS}: the Basic realm, naming the family to a person
 * @param async   whether requests of the family may be asynchronous (long polling)
 * @param maxBody the largest request body the family takes, in bytes, refused with 413 before anything reads it
 *                ({@link RequestBodyLimit}); {@link #ITS_OWN_LIMIT} where the endpoints limit their bodies themselves
 *                (OCSP answers an oversized request malformedRequest, as RFC 6960 wants)
 * @param purpose what the family is, for the table in the docs
 */
public record AccessRule(String path, Access access, Set<String> groups, String realm, boolean async, long maxBody,
                         String purpose) {

    /** {@link #maxBody} of a family whose endpoints limit their own bodies. */
    public static final long ITS_OWN_LIMIT = -1;

    public enum Access {
        /** Anyone: what relying parties fetch, probes, the index redirect. */
        PUBLIC,
        /** Cockpit, Tasklist and Admin: their own session login; the engine's authorizations decide within. */
        CAMUNDA_LOGIN,
        /** The engine REST API: HTTP Basic against Camunda's users; the engine's authorizations decide within. */
        ENGINE_REST,
        /** Members of {@link #groups} only. */
        GROUPS
    }

    public AccessRule {
        if (!path.startsWith("/") || (path.length() > 1 && path.endsWith("/"))) {
            throw new IllegalArgumentException("a path family starts with / and does not end with one: " + path);
        }
        groups = Set.copyOf(groups);
        if (maxBody < ITS_OWN_LIMIT || maxBody == 0) {
            throw new IllegalArgumentException("a body limit is positive, or ITS_OWN_LIMIT: " + path);
        }
        if ((access == Access.GROUPS) == groups.isEmpty()) {
            throw new IllegalArgumentException("groups are given exactly for GROUPS access: " + path);
        }
    }

    static AccessRule open(String path, Access access, long maxBody, String purpose) {
        return new AccessRule(path, access, Set.of(), null, false, maxBody, purpose);
    }

    static AccessRule groups(String path, String realm, boolean async, long maxBody, String purpose, String... groups) {
        return new AccessRule(path, Access.GROUPS, Set.of(groups), realm, async, maxBody, purpose);
    }

    public boolean covers(String requestPath) {
        if (path.equals("/")) {
            return requestPath.equals("/") || requestPath.isEmpty();
        }
        return requestPath.equals(path) || requestPath.startsWith(path + "/");
    }
}
