package org.mjpki.registry;

import org.mjpki.lifecycle.KeyRole;

/** Another case is already re-issuing this key: one replacement per key at a time. */
public class KeyReplacementInProgressException extends RuntimeException {
    public KeyReplacementInProgressException(String credentialSetId, KeyRole role) {
        super("the " + role + " key of credential set " + credentialSetId + " is already being re-issued by another case");
    }
}
