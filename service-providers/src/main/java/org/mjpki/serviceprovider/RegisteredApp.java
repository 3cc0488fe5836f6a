package org.mjpki.serviceprovider;

import java.time.Instant;

/** An app of a service provider: what the Mynaportal app names as the caller in a check. */
public record RegisteredApp(String appId, Instant registeredAt) {
}
