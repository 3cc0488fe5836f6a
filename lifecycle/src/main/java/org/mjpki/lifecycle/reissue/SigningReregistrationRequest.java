package org.mjpki.lifecycle.reissue;

import java.util.Set;
import java.util.regex.Pattern;
import org.mjpki.lifecycle.jpki.CardSignedRequest;
import org.mjpki.lifecycle.jpki.InvalidApplicationException;

/**
 * The holder's request to register the signing certificate again on the phone (R4 per kind, ADR 0022), after the card
 * signing certificate was revoked and the phone's followed it: signed with the **new** card signing certificate, whose
 * facts the new phone certificate will state. A {@link CardSignedRequest} of type {@code SIGNING_REREGISTRATION} that
 * also names the phone: {@code {"type":"SIGNING_REREGISTRATION","credentialSetId":…,"seId":…,"nonce":…,"expiresAt":…}}.
 */
public record SigningReregistrationRequest(CardSignedRequest signed, String seId) {

    public static final String TYPE = "SIGNING_REREGISTRATION";
    private static final Pattern SE_ID = Pattern.compile("[A-Za-z0-9._:-]{4,128}");

    public static SigningReregistrationRequest parse(byte[] encoded) {
        CardSignedRequest signed = CardSignedRequest.parse(encoded, TYPE, Set.of("seId"), "re-registration");
        return new SigningReregistrationRequest(signed, signed.field("seId", SE_ID));
    }

    public SigningReregistrationRequest {
        if (signed == null || seId == null) {
            throw new InvalidApplicationException("a re-registration needs the signed request and the phone");
        }
    }
}
