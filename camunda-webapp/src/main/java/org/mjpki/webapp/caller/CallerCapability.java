package org.mjpki.webapp.caller;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secret an app instance receives when it starts an operation (issue 15, ADR 0026): 256 random bits, handed out
 * once in the {@value #HEADER} response header and sent back in the same request header on every later call about that
 * operation. The server keeps only its SHA-256; a caller without it is told there is no such operation.
 */
public record CallerCapability(String token, String sha256) {

    public static final String HEADER = "Mjpki-Capability";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;

    public CallerCapability {
        if (token == null || sha256 == null) {
            throw new IllegalArgumentException("a capability has a token and its SHA-256");
        }
    }

    /** A new capability for an operation that starts now. */
    public static CallerCapability fresh() {
        byte[] secret = new byte[BYTES];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new CallerCapability(token, sha256Of(token));
    }

    /** Never the token: this record can end up in a log line or an exception message. */
    @Override
    public String toString() {
        return "CallerCapability[sha256=" + sha256 + "]";
    }

    /** The SHA-256 (lowercase hex) of a presented token, as the registry keeps it. */
    static String sha256Of(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Whether a presented token is the one whose SHA-256 is kept, compared in constant time. */
    static boolean matches(String presented, String keptSha256) {
        if (presented == null || keptSha256 == null || presented.length() > 2 * BYTES) {
            return false;
        }
        return MessageDigest.isEqual(sha256Of(presented).getBytes(StandardCharsets.US_ASCII),
                keptSha256.getBytes(StandardCharsets.US_ASCII));
    }
}
