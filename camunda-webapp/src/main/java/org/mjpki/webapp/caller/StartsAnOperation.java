package org.mjpki.webapp.caller;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An app API call that starts an operation on the strength of what its body carries — a document the holder signed
 * with the card (or, for a revocation, with the phone's signing key) naming the phone, and the set where there is one,
 * checked before anything changes — and answers with the new operation's capability in the
 * {@value CallerCapability#HEADER} header (ADR 0026). The app keeps it to read and drive the operation later
 * ({@link ForTheCaller}). Every app API call with an id in its path is one of the two (a test holds it).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface StartsAnOperation {
}
