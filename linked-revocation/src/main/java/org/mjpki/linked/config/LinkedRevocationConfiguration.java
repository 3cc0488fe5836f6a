package org.mjpki.linked.config;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.linked.CardRevocationFeed;
import org.mjpki.linked.LinkedRevocationPolicy;
import org.mjpki.linked.LinkedRevocations;
import org.mjpki.linked.embedded.EmbeddedCardRevocationFeed;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.linked.LinkedRevocationLedger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The sweep's use case with the embedded CA's card statuses as its feed (the default; {@code feed=crl} for a card CA's
 * CRLs), and its policy from
 * {@code mjpki.linked-revocation.*}: {@code grace-period} (P7D), {@code valve-share} (0.01), {@code valve-minimum} (100), {@code batch-size} (500),
 * {@code delete-period} (P30D).
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.context.annotation.Import(org.mjpki.linked.crl.CrlFeedConfiguration.class)
public class LinkedRevocationConfiguration {

    @Bean
    LinkedRevocationPolicy linkedRevocationPolicy(
            @Value("${mjpki.linked-revocation.grace-period:P7D}") Duration gracePeriod,
            @Value("${mjpki.linked-revocation.valve-share:0.01}") double valveShare,
            @Value("${mjpki.linked-revocation.valve-minimum:100}") long valveMinimum,
            @Value("${mjpki.linked-revocation.batch-size:500}") int batchSize,
            @Value("${mjpki.linked-revocation.delete-period:P30D}") Duration deletePeriod) {
        return new LinkedRevocationPolicy(gracePeriod, valveShare, valveMinimum, batchSize, deletePeriod);
    }

    /** The default feed; {@code mjpki.linked-revocation.feed=crl} reads a card CA's CRLs instead ({@code CrlFeedConfiguration}). */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "mjpki.linked-revocation.feed",
            havingValue = "embedded", matchIfMissing = true)
    CardRevocationFeed embeddedCardRevocationFeed(DataSource dataSource) {
        return new EmbeddedCardRevocationFeed(new JdbcTemplate(dataSource));
    }

    @Bean
    LinkedRevocations linkedRevocations(CardRevocationFeed feed, LinkedRevocationLedger ledger,
                                        org.mjpki.registry.followup.HolderFollowUpQueue followUps, CredentialRegistry registry,
                                        org.mjpki.registry.linked.LinkedRevocationBatches batches, CertificateAuthority ca,
                                        LinkedRevocationPolicy policy, Clock clock) {
        return new LinkedRevocations(feed, ledger, followUps, batches, ca, policy, clock);
    }
}
