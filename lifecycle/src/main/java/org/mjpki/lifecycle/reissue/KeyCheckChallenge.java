package org.mjpki.lifecycle.reissue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.mjpki.lifecycle.KeyRole;

/**
 * What the holder signs with a re-issued key to show it works (the re-issue's "check by a signature"): the case, the
 * key role and the serial of the key's new certificate. It need not be secret or random: the key is new, it signs
 * only after the holder typed the password, and no two re-issues share a case and a serial, so a signature over one
 * challenge proves nothing about another.
 */
public final class KeyCheckChallenge {

    private KeyCheckChallenge() {}

    public static byte[] of(String caseId, KeyRole role, BigInteger newSerial) {
        return ("mjpki key check\n" + caseId + "\n" + role + "\n" + newSerial.toString(16)).getBytes(StandardCharsets.UTF_8);
    }
}
