package org.mjpki.lifecycle.jpki;

import static org.mjpki.lifecycle.jpki.StrictJson.instant;
import static org.mjpki.lifecycle.jpki.StrictJson.matching;
import static org.mjpki.lifecycle.jpki.StrictJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request about one credential set that the holder signs with the My Number card rather than the phone (R0): a
 * {@link CardSignedDocument} whose content is a strict JSON object
 * {@code {"type":…,"credentialSetId":…,"nonce":…,"expiresAt":…}} plus the fields its type adds. The card authorizes it
 * because what the phone holds is what the holder lost: the phone itself (a hold release), or its password or PIN (a
 * lock release). Parsing checks form only; everything here is hostile until the card signature, the card certificate's
 * status and the holder were checked.
 */
public final class CardSignedRequest {

    private static final Pattern SET_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final Set<String> COMMON_FIELDS = Set.of("type", "credentialSetId", "nonce", "expiresAt");

    private final CardSignedDocument document;
    private final JsonNode json;
    private final String credentialSetId;
    private final String nonce;
    private final Instant expiresAt;

    private CardSignedRequest(CardSignedDocument document, JsonNode json, String credentialSetId, String nonce,
                              Instant expiresAt) {
        this.document = document;
        this.json = json;
        this.credentialSetId = credentialSetId;
        this.nonce = nonce;
        this.expiresAt = expiresAt;
    }

    /**
     * @param type        the value {@code type} must have, e.g. {@code HOLD_RELEASE}
     * @param extraFields the fields this type adds (each required, read with {@link #field})
     * @param what        the request in words for refusals, e.g. "release"
     */
    public static CardSignedRequest parse(byte[] encoded, String type, Set<String> extraFields, String what) {
        CardSignedDocument document = CardSignedDocument.parse(encoded, "the signed " + what);
        Set<String> fields = new HashSet<>(COMMON_FIELDS);
        fields.addAll(extraFields);
        JsonNode json = StrictJson.object(document.content(), fields, what);
        if (!type.equals(text(json, "type"))) {
            throw new InvalidApplicationException("the signed document is not a " + what);
        }
        return new CardSignedRequest(document, json, matching(json, "credentialSetId", SET_ID),
                matching(json, "nonce", NONCE), instant(json, "expiresAt"));
    }

    /** A field the type adds, required and of the given form. */
    public String field(String name, Pattern form) {
        return matching(json, name, form);
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
