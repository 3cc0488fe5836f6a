package org.mjpki.workers.ca;

import java.security.cert.X509Certificate;
import org.mjpki.ca.Holder;
import org.mjpki.ca.JpkiHolderFacts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads the four basic facts from the card signing certificate's subjectAltName, where JPKI puts them, so
 * the smartphone signing certificate states exactly what the card certificate states.
 */
@Component
public class CardCertificateHolderFacts implements CardHolderFacts {

    private final String arc;

    public CardCertificateHolderFacts(@Value("${mjpki.ca.holder-facts-arc:" + JpkiHolderFacts.DEFAULT_ARC + "}") String arc) {
        this.arc = arc;
    }

    @Override
    public Holder of(String holderRef, X509Certificate cardSigningCertificate) {
        JpkiHolderFacts.Facts facts = JpkiHolderFacts.decode(cardSigningCertificate, arc);
        if (facts.name() == null || facts.birthDate() == null || facts.sex() == null || facts.address() == null) {
            throw new IllegalStateException("the card signing certificate does not state all four basic facts");
        }
        return new Holder(holderRef, facts.name(), facts.birthDate(), facts.sex(), facts.address());
    }
}
