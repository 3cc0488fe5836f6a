package org.mjpki.registry;

import org.mjpki.lifecycle.KeyRole;

/** What the holder's phone returned for the operation check of one key: the signature and its identification info. */
public record OperationCheckSignature(String applicationId, KeyRole role, byte[] signature, byte[] identification) {
}
