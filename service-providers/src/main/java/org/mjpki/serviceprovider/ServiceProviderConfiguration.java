package org.mjpki.serviceprovider;

import java.time.Clock;
import javax.sql.DataSource;
import org.mjpki.serviceprovider.migration.ServiceProviderSchema;
import org.mjpki.serviceprovider.persistence.ServiceProviderMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The whitelist's beans. The server's scan of {@code org.mjpki} finds this class, and MyBatis's auto-configuration finds
 * {@link ServiceProviderMapper} (an {@code @Mapper} under the application's package).
 */
@Configuration(proxyBeanMethods = false)
public class ServiceProviderConfiguration {

    /** Marker that the service_provider schema is migrated; the use case depends on it so no query runs before. */
    public record ServiceProviderSchemaReady() {}

    @Bean
    ServiceProviderSchemaReady serviceProviderSchemaReady(DataSource dataSource) {
        ServiceProviderSchema.migrate(dataSource);
        return new ServiceProviderSchemaReady();
    }

    /** The application's clock where there is exactly one (the registry's, in the server), else the system's. */
    @Bean
    ServiceProviders serviceProviders(ServiceProviderSchemaReady ready, ServiceProviderMapper mapper,
                                      PlatformTransactionManager transactionManager, ObjectProvider<Clock> clock) {
        return new ServiceProviders(mapper, transactionManager, clock.getIfUnique(Clock::systemUTC));
    }
}
