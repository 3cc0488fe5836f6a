package org.mjpki.ca.embedded;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Serial numbers: {@code bytes} (9..20, default 16) octets from a CSPRNG with the top bit cleared, so positive and at
 * most 20 octets DER-encoded; zero is never used. Uniqueness within a CA is the database's
 * primary key; a collision (about 2^-63 per pair at the minimum size) is retried with a fresh number.
 */
public final class SerialNumberPolicy {
    private final SecureRandom random;
    private final int bytes;

    public SerialNumberPolicy(SecureRandom random, int bytes) {
        if (bytes < 9 || bytes > 20) {
            throw new IllegalArgumentException("serial bytes must be 9..20 (at least 64 random bits once the sign bit is cleared)");
        }
        this.random = random;
        this.bytes = bytes;
    }

    public BigInteger next() {
        byte[] b = new byte[bytes];
        BigInteger serial;
        do {
            random.nextBytes(b);
            b[0] &= 0x7f;
            serial = new BigInteger(1, b);
        } while (serial.bitLength() <= 64);   // never a short serial (probability 2^-(8*bytes-65) per draw)
        return serial;
    }

    /** The partition of a serial within a medium: uniform because the serial is. */
    public static int partitionOf(BigInteger serial, int partitions) {
        return serial.mod(BigInteger.valueOf(partitions)).intValue();
    }
}
