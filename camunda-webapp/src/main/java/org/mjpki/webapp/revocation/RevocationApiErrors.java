package org.mjpki.webapp.revocation;

import java.util.Map;
import org.mjpki.lifecycle.jpki.InvalidApplicationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The same error shape as the issuance API: a status, a stable code and a message with no secret in it. The hold
 * releases' advice ({@code hold.HoldReleaseApiErrors}) is this one for their controller.
 */
@RestControllerAdvice(assignableTypes = RevocationController.class)
public class RevocationApiErrors {


    private static final Logger log = LoggerFactory.getLogger(RevocationApiErrors.class);

    @ExceptionHandler(InvalidApplicationException.class)
    public ResponseEntity<Map<String, String>> badRequest(InvalidApplicationException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request", "the request body is not the expected JSON");
    }

    @ExceptionHandler(RevocationRefusedException.class)
    public ResponseEntity<Map<String, String>> refused(RevocationRefusedException e) {
        return error(e.status(), e.code(), e.getMessage());
    }

    @ExceptionHandler(org.mjpki.lifecycle.jpki.CardCertificateOcsp.OcspUnavailableException.class)
    public ResponseEntity<Map<String, String>> ocspUnavailable(RuntimeException e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "card_status_unavailable",
                "the card certificate's status cannot be checked now; try again later");
    }

    @ExceptionHandler(RuntimeException.class)
    public ResponseEntity<Map<String, String>> unexpected(RuntimeException e) {
        if (org.mjpki.registry.DatabaseAvailability.unreachable(e)) {
            return org.mjpki.webapp.api.Unavailable.answer();
        }
        log.error("app API request failed", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "the request could not be processed; try again later");
    }

    /** Always JSON, whatever the caller accepts: a refusal must not fail for want of a representation (a 500). */
    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", code, "message", message));
    }
}
