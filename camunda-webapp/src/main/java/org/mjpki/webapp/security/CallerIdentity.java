package org.mjpki.webapp.security;

/** Where the access filter leaves the authenticated user of a {@link AccessRule.Access#GROUPS} family. */
public final class CallerIdentity {
    /** The request attribute holding the user id. */
    public static final String USER_ATTRIBUTE = "mjpki.user";

    private CallerIdentity() {}
}
