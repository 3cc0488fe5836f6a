package org.mjpki.linked;

import org.mjpki.testsupport.PostgresTestDatabase;
import org.mjpki.testsupport.PostgresTestProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link LinkedRevocationCases} on real PostgreSQL. */
class LinkedRevocationsTest extends LinkedRevocationCases {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestProperties.register(PostgresTestDatabase.shared(), registry);
        registry.add("mjpki.ca.data-dir", LinkedRevocationTestApplication.CA_DATA_DIR::toString);
    }
}
