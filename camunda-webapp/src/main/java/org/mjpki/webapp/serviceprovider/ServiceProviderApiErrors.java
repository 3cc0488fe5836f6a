package org.mjpki.webapp.serviceprovider;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.mjpki.serviceprovider.InvalidServiceProviderInputException;
import org.mjpki.serviceprovider.MalformedReturnUrlException;
import org.mjpki.serviceprovider.ServiceProviderConflictException;
import org.mjpki.serviceprovider.UnknownServiceProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The whitelist APIs' errors, in the shape of the other APIs (a status, a stable code, a message with no secret in it;
 * a refused URL also names its {@code problem}). Bad input changes nothing.
 */
@RestControllerAdvice(assignableTypes = {ServiceProviderController.class, ReturnUrlCheckController.class})
public class ServiceProviderApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ServiceProviderApiErrors.class);

    @ExceptionHandler(InvalidServiceProviderInputException.class)
    ResponseEntity<Map<String, String>> invalid(InvalidServiceProviderInputException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage(), null);
    }

    @ExceptionHandler(MalformedReturnUrlException.class)
    ResponseEntity<Map<String, String>> malformedUrl(MalformedReturnUrlException e) {
        return error(HttpStatus.BAD_REQUEST, "malformed_return_url", e.getMessage(), e.problem().name());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request", "the request body is not the expected JSON", null);
    }

    @ExceptionHandler(UnknownServiceProviderException.class)
    ResponseEntity<Map<String, String>> notFound(UnknownServiceProviderException e) {
        return error(HttpStatus.NOT_FOUND, "not_found", e.getMessage(), null);
    }

    @ExceptionHandler(ServiceProviderConflictException.class)
    ResponseEntity<Map<String, String>> conflict(ServiceProviderConflictException e) {
        return error(HttpStatus.CONFLICT, e.conflict().name().toLowerCase(Locale.ROOT), e.getMessage(), null);
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<Map<String, String>> unexpected(RuntimeException e) {
        if (org.mjpki.registry.DatabaseAvailability.unreachable(e)) {
            return org.mjpki.webapp.api.Unavailable.answer();
        }
        log.error("service-provider API request failed", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "the request could not be processed; try again later",
                null);
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String code, String message, String problem) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        if (problem != null) {
            body.put("problem", problem);
        }
        body.put("message", message);
        // always JSON, whatever the caller accepts: a refusal must not fail for want of a representation (a 500)
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
