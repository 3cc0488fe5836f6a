package org.mjpki.lifecycle.hold;

import static org.mjpki.lifecycle.jpki.StrictJson.instant;
import static org.mjpki.lifecycle.jpki.StrictJson.matching;
import static org.mjpki.lifecycle.jpki.StrictJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.mjpki.lifecycle.jpki.CardSignedDocument;
import org.mjpki.lifecycle.jpki.InvalidApplicationException;
import org.mjpki.lifecycle.jpki.StrictJson;

/**
 * The holder's release of a hold on a found phone (R10), signed with the My Number card like an application: a
 * {@link CardSignedDocument} whose content is the JSON
 * {@code {"type":"HOLD_RELEASE","credentialSetId":…,"nonce":…,"expiresAt":…}}. The card, not the phone, authorizes it:
 * the phone was out of the holder's hands. Everything here is hostile until verified.
 */
public final class HoldReleaseRequest {

    private static final Pattern SET_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final Set<String> FIELDS = Set.of("type", "credentialSetId", "nonce", "expiresAt");

    private final CardSignedDocument document;
    private final String credentialSetId;
    private final String nonce;
    private final Instant expiresAt;

    private HoldReleaseRequest(CardSignedDocument document, String credentialSetId, String nonce, Instant expiresAt) {
        this.document = document;
        this.credentialSetId = credentialSetId;
        this.nonce = nonce;
        this.expiresAt = expiresAt;
    }

    public static HoldReleaseRequest parse(byte[] encoded) {
        CardSignedDocument document = CardSignedDocument.parse(encoded, "the signed release");
        JsonNode json = StrictJson.object(document.content(), FIELDS, "release");
        if (!"HOLD_RELEASE".equals(text(json, "type"))) {
            throw new InvalidApplicationException("the signed document is not a hold release");
        }
        String setId = matching(json, "credentialSetId", SET_ID);
        String nonce = matching(json, "nonce", NONCE);
        Instant expiresAt = instant(json, "expiresAt");
        return new HoldReleaseRequest(document, setId, nonce, expiresAt);
    }

    /** See {@link CardSignedDocument#verifySignature}. */
    public X509Certificate verifySignature(List<X509Certificate> trustedCas) {
        return document.verifySignature(trustedCas);
    }

    public X509Certificate cardCertificate() {
        return document.signerCertificate();
    }

    public String credentialSetId() {
        return credentialSetId;
    }

    public String nonce() {
        return nonce;
    }

    public Instant expiresAt() {
        return expiresAt;
    }
}
