package org.mjpki.webapp.reissue;

import org.mjpki.webapp.revocation.RevocationApiErrors;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The app API's error shape for re-registrations: the same answers as for a revocation from the phone. */
@RestControllerAdvice(assignableTypes = SigningReregistrationController.class)
public class SigningReregistrationApiErrors extends RevocationApiErrors {
}
