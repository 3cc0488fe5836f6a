package org.mjpki.serviceprovider;

import java.time.Instant;
import java.util.List;

/** A service provider with its apps, its return URLs (current and withdrawn) and its whole audit trail, oldest first. */
public record ServiceProviderDetails(String serviceProviderId, String name, ServiceProviderStatus status, Instant createdAt,
                                     Instant updatedAt, List<RegisteredApp> apps, List<RegisteredReturnUrl> returnUrls,
                                     List<ServiceProviderChange> changes) {

    public ServiceProviderDetails {
        apps = List.copyOf(apps);
        returnUrls = List.copyOf(returnUrls);
        changes = List.copyOf(changes);
    }
}
