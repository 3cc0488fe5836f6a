package org.mjpki.serviceprovider;

import java.time.Instant;

/**
 * One audit row: who (the operator's user id) changed what of which service provider, when, and its state before and
 * after. Rows are only ever added (the database refuses to update or delete them). No personal data: the subject is a
 * provider's name, an app id or a URL.
 *
 * @param subject what changed: the provider's name, the app id, or the return URL
 * @param before  the subject's state before ({@code null}: it did not exist)
 * @param after   its state after
 * @param detail  the change in words
 */
public record ServiceProviderChange(long changeId, String serviceProviderId, String operatorUserId, Instant changedAt,
                                    Action action, String subject, String before, String after, String detail) {

    public enum Action {
        PROVIDER_REGISTERED,
        APP_ADDED,
        RETURN_URL_ADDED,
        RETURN_URL_WITHDRAWN,
        PROVIDER_WITHDRAWN
    }
}
