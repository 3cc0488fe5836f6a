package org.mjpki.webapp.issuance;

import java.util.Map;
import org.mjpki.lifecycle.jpki.InvalidApplicationException;
import org.mjpki.registry.ApplicationReplayedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Clear, stable errors for the app; bad input never reaches the engine or changes anything. */
@RestControllerAdvice(assignableTypes = IssuanceApplicationController.class)
public class AppApiErrors {

    private static final Logger log = LoggerFactory.getLogger(AppApiErrors.class);

    @ExceptionHandler({BadRequestException.class, InvalidApplicationException.class})
    ResponseEntity<Map<String, String>> badRequest(RuntimeException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request", "the request body is not the expected JSON");
    }

    @ExceptionHandler(ApplicationReplayedException.class)
    ResponseEntity<Map<String, String>> replayed(ApplicationReplayedException e) {
        return error(HttpStatus.CONFLICT, "replayed_application", e.getMessage());
    }

    @ExceptionHandler(ApplicationNotFoundException.class)
    ResponseEntity<Map<String, String>> notFound(ApplicationNotFoundException e) {
        return error(HttpStatus.NOT_FOUND, "not_found", e.getMessage());
    }

    @ExceptionHandler(WrongStepException.class)
    ResponseEntity<Map<String, String>> wrongStep(WrongStepException e) {
        return error(HttpStatus.CONFLICT, "wrong_step", e.getMessage());
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<Map<String, String>> unexpected(RuntimeException e) {
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
