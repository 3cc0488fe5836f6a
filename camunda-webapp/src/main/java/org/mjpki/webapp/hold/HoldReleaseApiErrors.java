package org.mjpki.webapp.hold;

import org.mjpki.webapp.revocation.RevocationApiErrors;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The app API's error shape for the hold releases: the same answers as for a revocation from the phone. */
@RestControllerAdvice(assignableTypes = HoldReleaseController.class)
public class HoldReleaseApiErrors extends RevocationApiErrors {
}
