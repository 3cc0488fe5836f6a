package org.mjpki;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The mjpki server: the Camunda engine with Cockpit, Tasklist and Admin, the engine REST API, the app API,
 * the CA's CRL and OCSP endpoints, the workers and — in the embedded default — the simulated outside world.
 * It scans {@code org.mjpki}, so every module's configuration takes part.
 *
 * <p>{@code --mjpki.role=workers} (or {@code MJPKI_ROLE=workers}) starts {@link MjpkiWorkersApplication} instead:
 * the workers alone, against a server elsewhere; {@code --mjpki.role=world} starts {@link MjpkiWorldApplication}: the
 * simulated outside world alone, beside a server elsewhere ({@link MjpkiRole}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MjpkiApplication {

    public static void main(String[] args) {
        switch (MjpkiRole.of(args, System.getenv("MJPKI_ROLE"))) {
            case WORKERS -> MjpkiWorkersApplication.run(args);
            case WORLD -> MjpkiWorldApplication.run(args);
            case SERVER -> SpringApplication.run(MjpkiApplication.class, args);
        }
    }
}
