package org.mjpki.workers.ca;

import java.security.cert.X509Certificate;
import org.mjpki.ca.Holder;

/** The holder's four basic facts (name, birth date, sex, address) as the card signing certificate states them. */
public interface CardHolderFacts {
    Holder of(String holderRef, X509Certificate cardSigningCertificate);
}
