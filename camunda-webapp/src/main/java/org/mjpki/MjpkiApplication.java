package org.mjpki;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The mjpki server: the Camunda engine with Cockpit, Tasklist and Admin, the engine REST API, the app API,
 * the CA's CRL and OCSP endpoints, the workers and — in the embedded default — the simulated outside world.
 * It scans {@code org.mjpki}, so every module's configuration takes part.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MjpkiApplication {

    public static void main(String[] args) {
        SpringApplication.run(MjpkiApplication.class, args);
    }
}
