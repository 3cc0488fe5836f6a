package org.mjpki.lifecycle.jpki;

import java.time.Instant;

/**
 * What the holder signs with the card signing certificate when applying for a smartphone set (R1):
 * which phone, a one-time nonce and a short validity, the device facts for the eligibility decision, and whether the
 * holder consents to revoke a set they have on another phone (device change, seed 004 5-2 ③; absent: no consent).
 * The consent is signed with the card, so nobody but the holder can give it.
 */
public record ApplicationContent(
        String applicationId,
        String seId,
        String nonce,
        Instant issuedAt,
        Instant expiresAt,
        String deviceManufacturer,
        String deviceModel,
        int osVersion,
        String seType,
        Boolean consentToRevokeExistingSet) {

    static final int MAX_TEXT = 128;

    /** An application without consent to revoke an existing set (a first issuance). */
    public ApplicationContent(String applicationId, String seId, String nonce, Instant issuedAt, Instant expiresAt,
                              String deviceManufacturer, String deviceModel, int osVersion, String seType) {
        this(applicationId, seId, nonce, issuedAt, expiresAt, deviceManufacturer, deviceModel, osVersion, seType, false);
    }

    /** Whether the holder signed consent to revoke the set on another phone; never null. */
    public boolean consentsToRevokeExistingSet() {
        return consentToRevokeExistingSet;
    }

    /** Refuses content that no honest app would send; the message says which field. */
    public ApplicationContent {
        // absent in an application that gives no consent (and in every app older than device change)
        consentToRevokeExistingSet = Boolean.TRUE.equals(consentToRevokeExistingSet);
        requireText("applicationId", applicationId, "[A-Za-z0-9._-]{8,64}");
        requireText("seId", seId, "[A-Za-z0-9._:-]{4,128}");
        requireText("nonce", nonce, "[A-Za-z0-9_-]{16,128}");
        requireText("deviceManufacturer", deviceManufacturer, "[\\p{L}\\p{N} ._-]{1,64}");
        requireText("deviceModel", deviceModel, "[\\p{L}\\p{N} ._-]{1,64}");
        requireText("seType", seType, "[A-Za-z0-9._-]{1,64}");
        if (issuedAt == null || expiresAt == null || !expiresAt.isAfter(issuedAt)) {
            throw new InvalidApplicationException("issuedAt and expiresAt must be set and expiresAt after issuedAt");
        }
        if (osVersion < 1 || osVersion > 99) {
            throw new InvalidApplicationException("osVersion out of range");
        }
    }

    private static void requireText(String field, String value, String pattern) {
        if (value == null || !value.matches(pattern)) {
            throw new InvalidApplicationException("field " + field + " is missing or malformed");
        }
    }
}
