package org.mjpki.webapp.unlock;

import org.mjpki.webapp.revocation.RevocationApiErrors;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The app API's error shape for the lock releases: the same answers as for a revocation from the phone. */
@RestControllerAdvice(assignableTypes = LockReleaseController.class)
public class LockReleaseApiErrors extends RevocationApiErrors {
}
