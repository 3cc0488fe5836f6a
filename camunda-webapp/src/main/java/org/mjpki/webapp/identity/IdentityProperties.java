package org.mjpki.webapp.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The technical users the server sets up; passwords come from the environment in production. The call-center user is
 * optional: where it is given (the embedded default's demo staff), it is made a member of {@code mjpkiCallCenter};
 * production creates its staff in Admin and adds them to that group. The same holds for the demo's process owner
 * ({@code mjpkiProcessOwners}) and its monitoring user ({@code mjpkiMonitoring}).
 */
@ConfigurationProperties(prefix = "mjpki.identity")
public record IdentityProperties(String workerUser, String workerPassword, String appUser, String appPassword,
                                 String callCenterUser, String callCenterPassword, String processOwnerUser,
                                 String processOwnerPassword, String monitoringUser, String monitoringPassword) {
}
