package org.mjpki.webapp.revocation;

import org.springframework.http.HttpStatus;

/** A revocation request refused before anything changed, with the status and a stable code the app shows text for. */
public class RevocationRefusedException extends RuntimeException {
    private final HttpStatus status;
    private final String code;

    public RevocationRefusedException(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
