package org.mjpki.applet.client;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;

/**
 * A signature made by the applet with the identification info it covers.
 * signature = SHA256withRSA (PKCS#1 v1.5) over data || identification.encoded().
 */
public record SignatureResult(byte[] signature, SignatureIdentification identification) {

    public SignatureResult {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** What was actually signed: data || identification TLV. */
    public byte[] signedBytes(byte[] data) {
        return Crypto.concat(data, identification.encoded());
    }

    /** Verifies the signature over data || identification with the given public key (or certificate's key). */
    public boolean verify(PublicKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(data);
            s.update(identification.encoded());
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignatureResult r && Arrays.equals(signature, r.signature)
                && identification.equals(r.identification);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignatureResult[" + signature.length + " bytes, " + identification + "]";
    }
}
