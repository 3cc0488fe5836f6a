package org.mjpki.serviceprovider;

import java.time.Instant;

/** A service provider registered on the whitelist (J-LIS approved its application), without its apps and URLs. */
public record ServiceProvider(String serviceProviderId, String name, ServiceProviderStatus status, Instant createdAt,
                              Instant updatedAt) {
}
