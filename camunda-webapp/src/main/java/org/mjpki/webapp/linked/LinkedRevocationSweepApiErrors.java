package org.mjpki.webapp.linked;

import org.mjpki.webapp.revocation.RevocationApiErrors;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The operator API's error shape: the same as the app API's (a status, a stable code, a message). */
@RestControllerAdvice(assignableTypes = LinkedRevocationSweepController.class)
public class LinkedRevocationSweepApiErrors extends RevocationApiErrors {
}
