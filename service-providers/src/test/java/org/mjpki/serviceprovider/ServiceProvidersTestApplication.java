package org.mjpki.serviceprovider;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The whitelist alone: its configuration, MyBatis finding its mapper under this package, a datasource from the test. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ServiceProviderConfiguration.class)
class ServiceProvidersTestApplication {
}
