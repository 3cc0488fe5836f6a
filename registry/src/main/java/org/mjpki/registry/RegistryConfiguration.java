package org.mjpki.registry;

import java.time.Clock;
import javax.sql.DataSource;
import org.mjpki.registry.migration.RegistrySchema;
import org.mjpki.registry.persistence.RegistryMapper;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class RegistryConfiguration {

    /** Marker that the registry schema is migrated; the registry depends on it so no query runs before. */
    public record RegistrySchemaReady() {}

    @Bean
    RegistrySchemaReady registrySchemaReady(DataSource dataSource) {
        RegistrySchema.migrate(dataSource);
        return new RegistrySchemaReady();
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CredentialRegistry credentialRegistry(RegistrySchemaReady ready, RegistryMapper mapper,
                                          org.mjpki.registry.followup.HolderFollowUpQueue followUps, Clock clock,
                                          org.springframework.transaction.PlatformTransactionManager transactionManager) {
        return new CredentialRegistry(mapper, followUps, clock, transactionManager);
    }

    @Bean
    org.mjpki.registry.followup.HolderFollowUpQueue holderFollowUpQueue(RegistrySchemaReady ready,
            org.mjpki.registry.persistence.HolderFollowUpMapper mapper, Clock clock) {
        return new org.mjpki.registry.followup.HolderFollowUpQueue(mapper, clock);
    }

    @Bean
    org.mjpki.registry.linked.LinkedRevocationLedger linkedRevocationLedger(RegistrySchemaReady ready,
            org.mjpki.registry.persistence.LinkedRevocationMapper mapper) {
        return new org.mjpki.registry.linked.LinkedRevocationLedger(mapper);
    }

    @Bean
    org.mjpki.registry.caller.CallerCapabilities callerCapabilities(RegistrySchemaReady ready,
            org.mjpki.registry.persistence.CallerCapabilityMapper mapper) {
        return new org.mjpki.registry.caller.CallerCapabilities(mapper);
    }

    @Bean
    org.mjpki.registry.linked.LinkedRevocationBatches linkedRevocationBatches(RegistrySchemaReady ready,
            org.mjpki.registry.persistence.LinkedRevocationBatchMapper mapper,
            org.springframework.transaction.PlatformTransactionManager transactionManager, Clock clock) {
        return new org.mjpki.registry.linked.LinkedRevocationBatches(mapper, transactionManager, clock);
    }
}
