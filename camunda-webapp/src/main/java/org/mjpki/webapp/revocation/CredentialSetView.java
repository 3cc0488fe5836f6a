package org.mjpki.webapp.revocation;

import java.time.Instant;
import java.util.List;

/**
 * A holder's credential set as Mynaportal's validity check shows it: where it stands, each certificate's status and
 * validity, the phone it is on (maker and model only), and its history. Nothing that identifies the person.
 */
public record CredentialSetView(String credentialSetId, String state, String applet, Phone phone, Instant issuedAt,
                                List<Certificate> certificates, List<Event> history) {

    public record Phone(String manufacturer, String model) {}

    /** @param status GOOD, ON_HOLD, REVOKED, EXPIRED as the CA has it now */
    public record Certificate(String keyRole, String serial, String status, String revocationReason, Instant notBefore,
                              Instant notAfter, String replacesSerial) {}

    /** @param event APPLIED, PERSONALIZING, ISSUED, HELD, RELEASED, REVOKED, EXPIRED, CANCELLED, APPLET_INSTALLED, … */
    public record Event(Instant at, String event, String actor, String reason) {}
}
