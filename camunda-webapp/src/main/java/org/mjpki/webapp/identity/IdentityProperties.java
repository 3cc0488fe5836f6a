package org.mjpki.webapp.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The technical users the server sets up; passwords come from the environment in production. */
@ConfigurationProperties(prefix = "mjpki.identity")
public record IdentityProperties(String workerUser, String workerPassword, String appUser, String appPassword) {
}
