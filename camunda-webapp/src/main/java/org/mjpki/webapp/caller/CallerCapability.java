package org.mjpki.webapp.caller;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secret that binds an operation to the app instance that started it (issue 15, ADR 0026): 256 random bits that the
 * app chooses and sends with the start in the {@value #HEADER} header — or that the server chooses and answers with
 * when the start carried none — and sends again on every later call about that operation. The server keeps only its
 * SHA-256; a caller without it is told there is no such operation. Because the app holds it before it sends, a start
 * whose answer was lost is simply sent again, with the same capability, and answered with the operation it started.
 */
public record CallerCapability(String token, String sha256) {

    public static final String HEADER = "Mjpki-Capability";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;
    /** 32 bytes in base64url without padding. */
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{43}");

    public CallerCapability {
        if (token == null || sha256 == null) {
            throw new IllegalArgumentException("a capability has a token and its SHA-256");
        }
    }

    /**
     * The capability of a start: the one the app sent with it, or a fresh one when it sent none.
     *
     * @throws org.mjpki.lifecycle.jpki.InvalidApplicationException when the app sent one that is not 43 base64url
     *                                                             characters (256 bits): nothing is started
     */
    public static CallerCapability forStart(String presented) {
        if (presented == null) {
            return fresh();
        }
        if (!TOKEN.matcher(presented).matches()) {
            throw new org.mjpki.lifecycle.jpki.InvalidApplicationException(
                    HEADER + " must be 43 base64url characters: 256 random bits the app chose");
        }
        return new CallerCapability(presented, sha256Of(presented));
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
