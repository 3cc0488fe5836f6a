package org.mjpki.webapp.issuance;

/** Application ids as the app sends them: a path segment is checked before it reaches a query. */
final class ApplicationIds {
    private ApplicationIds() {}

    static String require(String applicationId) {
        if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]{8,64}")) {
            throw new BadRequestException("not an application id");
        }
        return applicationId;
    }
}
