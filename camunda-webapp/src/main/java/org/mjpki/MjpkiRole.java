package org.mjpki;

import java.util.Locale;

/**
 * Which application {@code java -jar mjpki-server.jar} starts: {@code --mjpki.role=…} on the command line, else the
 * environment variable {@code MJPKI_ROLE}, else the server.
 */
public enum MjpkiRole {
    /** The server: engine, webapps, APIs, CA publication, workers, and in the embedded default the simulated world. */
    SERVER,
    /** The workers alone, against a server elsewhere ({@link MjpkiWorkersApplication}, ADR 0013). */
    WORKERS,
    /** The simulated outside world alone, beside a server elsewhere ({@link MjpkiWorldApplication}, ADR 0028). */
    WORLD;

    /**
     * @throws IllegalArgumentException for any other role: a typo must not start another application
     */
    public static MjpkiRole of(String[] args, String roleFromEnvironment) {
        String role = roleFromEnvironment == null || roleFromEnvironment.isBlank() ? "server" : roleFromEnvironment.trim();
        for (String arg : args) {
            if (arg.startsWith("--mjpki.role=")) {
                role = arg.substring("--mjpki.role=".length()).trim();
            }
        }
        for (MjpkiRole known : values()) {
            if (known.name().toLowerCase(Locale.ROOT).equals(role)) {
                return known;
            }
        }
        throw new IllegalArgumentException("unknown mjpki.role '" + role + "': use 'server' (the default), 'workers' or 'world'");
    }
}
