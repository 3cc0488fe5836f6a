package org.mjpki.simulator.web;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.mjpki.ca.CertificateAuthority;
import org.mjpki.ca.CertificateAuthorityException;
import org.mjpki.ca.CertificateProfile;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.Holder;
import org.mjpki.ca.IssueRequest;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.RevocationReason;
import org.mjpki.simulator.card.CardCertificateOffice;
import org.mjpki.simulator.card.HttpCardCertificateOffice;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The server's CA as the card office of a simulated world running apart reaches it ({@link HttpCardCertificateOffice},
 * ADR 0028): write a card certificate for a test card, revoke one. Card certificates only — a phone certificate is never
 * written or revoked here. Only while the server runs with its world apart ({@code mjpki.simulator.world=remote}); the
 * holders' facts it receives are never logged, and refusals name fields, not values.
 */
@RestController
@RequestMapping(HttpCardCertificateOffice.PATH)
@ConditionalOnExpression("${mjpki.simulator.enabled:false} and '${mjpki.simulator.world:embedded}'.toLowerCase() == 'remote'")
public class SimulatedCardOfficeController {

    private static final Pattern REQUEST_ID = Pattern.compile("card(-office)?/[A-Za-z0-9._:/-]{1,180}");
    private static final Pattern SERIAL = Pattern.compile("[0-9a-f]{1,40}");
    private static final int MAX_KEY = 2048;
    private static final int MAX_FACT = 200;

    private final CertificateAuthority ca;
    private final CardCertificateOffice office;

    public SimulatedCardOfficeController(CertificateAuthority ca) {
        this.ca = ca;
        this.office = CardCertificateOffice.of(ca);
    }

    public record Facts(String holderRef, String name, String birthDate, String sex, String address) {}

    public record CertificateOrder(String requestId, String profile, String publicKey, Facts holder, String notAfter) {}

    public record RevocationOrder(String requestId, String issuingCa, String serial, String reason) {}

    @PostMapping("/certificates")
    public ResponseEntity<Map<String, String>> issue(@RequestBody CertificateOrder order) throws CertificateEncodingException {
        if (order == null) {
            throw new BadOrder("a body is required");
        }
        CertificateProfile profile = switch (String.valueOf(order.profile())) {
            case "CARD_SIGNING" -> CertificateProfile.CARD_SIGNING;
            case "CARD_USER_AUTH" -> CertificateProfile.CARD_USER_AUTH;
            default -> throw new BadOrder("profile must be CARD_SIGNING or CARD_USER_AUTH");
        };
        Facts facts = order.holder();
        if (facts == null || !bounded(facts.holderRef()) || facts.holderRef() == null) {
            throw new BadOrder("holder.holderRef is required, at most " + MAX_FACT + " characters");
        }
        if (!bounded(facts.name()) || !bounded(facts.address()) || !bounded(facts.sex())) {
            throw new BadOrder("holder facts are at most " + MAX_FACT + " characters each");
        }
        Holder holder = new Holder(facts.holderRef(), facts.name(), facts.birthDate() == null ? null : date(facts.birthDate()),
                facts.sex(), facts.address());
        IssueRequest request = new IssueRequest(requestId(order.requestId()), profile, publicKey(order.publicKey()), holder,
                instant(order.notAfter()));
        byte[] der = office.issue(request).getEncoded();
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("certificate", Base64.getEncoder().encodeToString(der)));
    }

    @PostMapping("/revocations")
    public ResponseEntity<Void> revoke(@RequestBody RevocationOrder order) {
        if (order == null) {
            throw new BadOrder("a body is required");
        }
        IssuingCa issuingCa;
        RevocationReason reason;
        try {
            issuingCa = IssuingCa.valueOf(String.valueOf(order.issuingCa()));
            reason = RevocationReason.valueOf(String.valueOf(order.reason()));
        } catch (IllegalArgumentException e) {
            throw new BadOrder("issuingCa and reason must name a CA and a revocation reason");
        }
        if (order.serial() == null || !SERIAL.matcher(order.serial()).matches()) {
            throw new BadOrder("serial must be lowercase hex, at most 40 digits");
        }
        CertificateRef ref = new CertificateRef(issuingCa, new java.math.BigInteger(order.serial(), 16));
        CertificateStatus status = ca.status(ref);
        if (status.profile() == null || !status.profile().name().startsWith("CARD_")) {
            // a phone certificate, or none: the card office revokes card certificates only
            return ResponseEntity.notFound().build();
        }
        office.revoke(requestId(order.requestId()), ref, reason);
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(BadOrder.class)
    ResponseEntity<Map<String, String>> badOrder(BadOrder e) {
        return ResponseEntity.badRequest().body(Map.of("error", "invalid_request", "message", e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "invalid_request", "message", "the body is not the expected JSON"));
    }

    /** The CA's own refusals (a holder's facts missing for a signing profile, a notAfter past the CA's): their text names no value. */
    @ExceptionHandler({org.mjpki.ca.CertificateRequestRejectedException.class, IllegalArgumentException.class})
    ResponseEntity<Map<String, String>> rejected(RuntimeException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "rejected", "message", "the CA refused the order"));
    }

    @ExceptionHandler(CertificateAuthorityException.class)
    ResponseEntity<Map<String, String>> unavailable(CertificateAuthorityException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("error", "unavailable", "message", "the CA cannot serve now; try again"));
    }

    private static boolean bounded(String value) {
        return value == null || value.length() <= MAX_FACT;
    }

    private static String requestId(String requestId) {
        if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
            throw new BadOrder("requestId must be card/… or card-office/…, at most 200 characters");
        }
        return requestId;
    }

    private static PublicKey publicKey(String encoded) {
        if (encoded == null || encoded.length() > MAX_KEY) {
            throw new BadOrder("publicKey is required: a SubjectPublicKeyInfo in base64");
        }
        try {
            X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(encoded));
            try {
                return KeyFactory.getInstance("RSA").generatePublic(spec);
            } catch (java.security.spec.InvalidKeySpecException notRsa) {
                return KeyFactory.getInstance("EC").generatePublic(spec);
            }
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw new BadOrder("publicKey is not a SubjectPublicKeyInfo of an RSA or EC key");
        }
    }

    private static LocalDate date(String value) {
        try {
            return LocalDate.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadOrder("holder.birthDate must be an ISO date");
        }
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(String.valueOf(value));
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadOrder("notAfter must be an ISO instant");
        }
    }

    /** An order the office cannot take; its message names a field, never a holder's fact. */
    static final class BadOrder extends RuntimeException {
        BadOrder(String message) {
            super(message);
        }
    }
}
