package org.mjpki.registry.persistence;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.registry.AppletState;
import org.mjpki.registry.CredentialKey;
import org.mjpki.registry.CredentialState;
import org.mjpki.registry.CredentialTransition;
import org.mjpki.registry.OperationCheckSignature;
import org.mjpki.registry.SmartphoneApplication;
import org.mjpki.registry.CardCertificateLink;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.ExpiryReminderDue;
import org.mjpki.registry.HolderRequest;

/** SQL of the {@code registry} schema. Only {@link org.mjpki.registry.CredentialRegistry} calls it. */
@Mapper
public interface RegistryMapper {

    @Insert("""
            INSERT INTO registry.application (application_id, se_id, nonce, expires_at, signed_application,
                attestation_token, received_at)
            VALUES (#{applicationId}, #{seId}, #{nonce}, #{expiresAt}, #{signedApplication}, #{attestationToken}, #{receivedAt})
            """)
    void insertApplication(SmartphoneApplication application);

    @Select("""
            SELECT application_id, se_id, nonce, expires_at, signed_application, attestation_token, received_at,
                   holder_ref, card_not_after, card_issuing_ca, card_serial
              FROM registry.application WHERE application_id = #{applicationId}
            """)
    @ConstructorArgs({
            @Arg(column = "application_id", javaType = String.class),
            @Arg(column = "se_id", javaType = String.class),
            @Arg(column = "nonce", javaType = String.class),
            @Arg(column = "expires_at", javaType = Instant.class),
            @Arg(column = "signed_application", javaType = byte[].class),
            @Arg(column = "attestation_token", javaType = String.class),
            @Arg(column = "received_at", javaType = Instant.class),
            @Arg(column = "holder_ref", javaType = String.class),
            @Arg(column = "card_not_after", javaType = Instant.class),
            @Arg(column = "card_issuing_ca", javaType = String.class),
            @Arg(column = "card_serial", javaType = BigInteger.class)})
    SmartphoneApplication findApplication(String applicationId);

    @Update("""
            UPDATE registry.application SET holder_ref = #{holderRef}, card_not_after = #{cardNotAfter},
                   card_issuing_ca = #{card.issuingCa}, card_serial = #{card.serial}
             WHERE application_id = #{applicationId}
            """)
    int updateApplicationHolder(@Param("applicationId") String applicationId, @Param("holderRef") String holderRef,
                                @Param("cardNotAfter") Instant cardNotAfter, @Param("card") CardCertificateLink card);

    /** Notes that the application's case waited for the JPKI system at {@code at} (the latest wait is kept). */
    @Update("UPDATE registry.application SET jpki_waited_at = #{at} WHERE application_id = #{id}")
    int updateJpkiWaitedAt(@Param("id") String applicationId, @Param("at") Instant at);

    @Select("SELECT jpki_waited_at FROM registry.application WHERE application_id = #{id}")
    Instant findJpkiWaitedAt(@Param("id") String applicationId);

    @Update("UPDATE registry.application SET operation_challenge = #{challenge} WHERE application_id = #{applicationId} AND operation_challenge IS NULL")
    int setOperationChallenge(@Param("applicationId") String applicationId, @Param("challenge") byte[] challenge);

    /** One column of bytes, wrapped: MyBatis would read a bare {@code byte[]} result as a list of rows. */
    record Bytes(byte[] value) {}

    @Select("SELECT operation_challenge FROM registry.application WHERE application_id = #{applicationId} AND operation_challenge IS NOT NULL")
    @ConstructorArgs(@Arg(column = "operation_challenge", javaType = byte[].class))
    Bytes findOperationChallenge(String applicationId);

    String SET_COLUMNS = "credential_set_id, application_id, holder_ref, se_id, state, applet_state, card_not_after, "
            + "card_issuing_ca, card_serial, replaces_set_id, revocation_case_id, biometrics_allowed, created_at, updated_at";

    @Insert("""
            INSERT INTO registry.credential_set (credential_set_id, application_id, holder_ref, se_id, state, applet_state,
                card_not_after, card_issuing_ca, card_serial, replaces_set_id, biometrics_allowed, created_at, updated_at)
            VALUES (#{credentialSetId}, #{applicationId}, #{holderRef}, #{seId}, #{state}, #{appletState}, #{cardNotAfter},
                #{cardCertificate.issuingCa}, #{cardCertificate.serial}, #{replacesSetId}, #{biometricsAllowed}, #{createdAt},
                #{updatedAt})
            """)
    void insertSet(CredentialSet set);

    /** One row of {@code credential_set}, as MyBatis maps it; {@link #toSet()} makes the domain record. */
    record SetRow(String credentialSetId, String applicationId, String holderRef, String seId, CredentialState state,
                  AppletState appletState, Instant cardNotAfter, String cardIssuingCa, BigInteger cardSerial,
                  String replacesSetId, String revocationCaseId, Boolean biometricsAllowed, Instant createdAt,
                  Instant updatedAt) {
        public CredentialSet toSet() {
            return new CredentialSet(credentialSetId, applicationId, holderRef, seId, state, appletState, cardNotAfter,
                    CardCertificateLink.ofNullable(cardIssuingCa, cardSerial), replacesSetId, revocationCaseId,
                    biometricsAllowed, createdAt, updatedAt);
        }
    }

    @Select("SELECT " + SET_COLUMNS + " FROM registry.credential_set WHERE credential_set_id = #{id}")
    @ConstructorArgs({
            @Arg(column = "credential_set_id", javaType = String.class),
            @Arg(column = "application_id", javaType = String.class),
            @Arg(column = "holder_ref", javaType = String.class),
            @Arg(column = "se_id", javaType = String.class),
            @Arg(column = "state", javaType = CredentialState.class),
            @Arg(column = "applet_state", javaType = AppletState.class),
            @Arg(column = "card_not_after", javaType = Instant.class),
            @Arg(column = "card_issuing_ca", javaType = String.class),
            @Arg(column = "card_serial", javaType = BigInteger.class),
            @Arg(column = "replaces_set_id", javaType = String.class),
            @Arg(column = "revocation_case_id", javaType = String.class),
            @Arg(column = "biometrics_allowed", javaType = Boolean.class),
            @Arg(column = "created_at", javaType = Instant.class),
            @Arg(column = "updated_at", javaType = Instant.class)})
    SetRow findSet(String id);

    @Select("SELECT credential_set_id FROM registry.credential_set WHERE application_id = #{applicationId}")
    String findSetIdOfApplication(String applicationId);

    @Select("""
            SELECT credential_set_id FROM registry.credential_set
             WHERE holder_ref = #{holderRef} AND state IN ('RESERVED','PERSONALIZING','ACTIVE','ON_HOLD')
            """)
    String findLiveSetIdOfHolder(String holderRef);

    @Select("""
            SELECT credential_set_id FROM registry.credential_set
             WHERE card_issuing_ca = #{card.issuingCa} AND card_serial = #{card.serial}
               AND state IN ('RESERVED','PERSONALIZING','ACTIVE','ON_HOLD')
            """)
    List<String> findLiveSetIdsLinkedTo(@Param("card") CardCertificateLink card);

    /** Compare-and-set on the state, so two writers cannot both move the same set. */
    @Update("""
            UPDATE registry.credential_set SET state = #{to}, updated_at = #{at}
             WHERE credential_set_id = #{id} AND state = #{from}
            """)
    int updateState(@Param("id") String id, @Param("from") CredentialState from, @Param("to") CredentialState to,
                    @Param("at") Instant at);

    @Update("""
            UPDATE registry.credential_set SET applet_state = #{to}, updated_at = #{at}
             WHERE credential_set_id = #{id}
            """)
    int updateAppletState(@Param("id") String id, @Param("to") AppletState to, @Param("at") Instant at);

    @Update("""
            UPDATE registry.credential_set SET biometrics_allowed = #{allowed}, updated_at = #{at}
             WHERE credential_set_id = #{id}
            """)
    int updateBiometricsAllowed(@Param("id") String id, @Param("allowed") boolean allowed, @Param("at") Instant at);

    /** Takes a live, active or held set for one revoking case; a set already taken, or not in such a state, is left alone. */
    @Update("""
            UPDATE registry.credential_set SET revocation_case_id = #{caseId}, updated_at = #{at}
             WHERE credential_set_id = #{id} AND revocation_case_id IS NULL AND state IN ('ACTIVE','ON_HOLD')
            """)
    int claimForRevocation(@Param("id") String id, @Param("caseId") String caseId, @Param("at") Instant at);

    @Insert("""
            INSERT INTO registry.credential_set_transition (credential_set_id, aspect, from_state, to_state, actor, case_id,
                reason, at)
            VALUES (#{credentialSetId}, #{aspect}, #{from}, #{to}, #{actor}, #{caseId}, #{reason}, #{at})
            """)
    void insertTransition(CredentialTransition transition);

    @Select("""
            SELECT credential_set_id, aspect, from_state, to_state, actor, case_id, reason, at
              FROM registry.credential_set_transition WHERE credential_set_id = #{id} ORDER BY id
            """)
    @ConstructorArgs({
            @Arg(column = "credential_set_id", javaType = String.class),
            @Arg(column = "aspect", javaType = CredentialTransition.Aspect.class),
            @Arg(column = "from_state", javaType = String.class),
            @Arg(column = "to_state", javaType = String.class),
            @Arg(column = "actor", javaType = org.mjpki.lifecycle.Actor.class),
            @Arg(column = "case_id", javaType = String.class),
            @Arg(column = "reason", javaType = String.class),
            @Arg(column = "at", javaType = Instant.class)})
    List<CredentialTransition> findTransitions(String id);

    @Insert("""
            INSERT INTO registry.credential_set_key (credential_set_id, key_role, public_key)
            VALUES (#{id}, #{role}, #{publicKey})
            """)
    void insertKey(@Param("id") String id, @Param("role") KeyRole role, @Param("publicKey") byte[] publicKey);

    @Update("""
            UPDATE registry.credential_set_key SET issuing_ca = #{issuingCa}, serial = #{serial}, certificate = #{certificate}
             WHERE credential_set_id = #{id} AND key_role = #{role}
            """)
    int updateKeyCertificate(@Param("id") String id, @Param("role") KeyRole role, @Param("issuingCa") String issuingCa,
                             @Param("serial") BigInteger serial, @Param("certificate") byte[] certificate);

    String KEY_COLUMNS = "credential_set_id, key_role, public_key, issuing_ca, serial, certificate, replaces_serial";

    @Select("SELECT " + KEY_COLUMNS + " FROM registry.credential_set_key WHERE credential_set_id = #{id} AND key_role = #{role}")
    @ConstructorArgs({
            @Arg(column = "credential_set_id", javaType = String.class),
            @Arg(column = "key_role", javaType = KeyRole.class),
            @Arg(column = "public_key", javaType = byte[].class),
            @Arg(column = "issuing_ca", javaType = String.class),
            @Arg(column = "serial", javaType = BigInteger.class),
            @Arg(column = "certificate", javaType = byte[].class),
            @Arg(column = "replaces_serial", javaType = BigInteger.class)})
    CredentialKey findKey(@Param("id") String id, @Param("role") KeyRole role);

    @Insert("""
            INSERT INTO registry.application_operation_check (application_id, key_role, signature, identification, submitted_at)
            VALUES (#{s.applicationId}, #{s.role}, #{s.signature}, #{s.identification}, #{at})
            """)
    void insertOperationCheck(@Param("s") OperationCheckSignature signature, @Param("at") Instant at);

    @Select("""
            SELECT application_id, key_role, signature, identification FROM registry.application_operation_check
             WHERE application_id = #{applicationId} AND key_role = #{role}
            """)
    @ConstructorArgs({
            @Arg(column = "application_id", javaType = String.class),
            @Arg(column = "key_role", javaType = KeyRole.class),
            @Arg(column = "signature", javaType = byte[].class),
            @Arg(column = "identification", javaType = byte[].class)})
    OperationCheckSignature findOperationCheck(@Param("applicationId") String applicationId, @Param("role") KeyRole role);

    @Insert("""
            INSERT INTO registry.holder_request (request_id, kind, credential_set_id, nonce, reason, expires_at, received_at)
            VALUES (#{requestId}, #{kind}, #{credentialSetId}, #{nonce}, #{reason}, #{expiresAt}, #{receivedAt})
            """)
    void insertHolderRequest(HolderRequest request);

    @Select("""
            SELECT request_id, kind, credential_set_id, nonce, reason, expires_at, received_at
              FROM registry.holder_request WHERE request_id = #{requestId}
            """)
    @ConstructorArgs({
            @Arg(column = "request_id", javaType = String.class),
            @Arg(column = "kind", javaType = HolderRequest.Kind.class),
            @Arg(column = "credential_set_id", javaType = String.class),
            @Arg(column = "nonce", javaType = String.class),
            @Arg(column = "reason", javaType = String.class),
            @Arg(column = "expires_at", javaType = Instant.class),
            @Arg(column = "received_at", javaType = Instant.class)})
    HolderRequest findHolderRequest(String requestId);

    /** Live sets whose card certificate has reached its notAfter (R3), oldest first. */
    @Select("""
            SELECT credential_set_id FROM registry.credential_set
             WHERE state IN ('ACTIVE','ON_HOLD') AND card_not_after <= #{now}
             ORDER BY card_not_after LIMIT #{limit}
            """)
    List<String> findDueForExpiry(@Param("now") Instant now, @Param("limit") int limit);

    // ------------------------------------------------------------------ expiry reminders

    /**
     * ACTIVE sets whose card certificate ends in ({@code from}, {@code until}] and whose reminder {@code days} is not
     * sent yet, in set id order after {@code after} (keyset pages).
     */
    @Select("""
            SELECT s.credential_set_id, s.se_id, s.card_not_after FROM registry.credential_set s
             WHERE s.state = 'ACTIVE' AND s.card_not_after > #{from} AND s.card_not_after <= #{until}
               AND s.credential_set_id > #{after}
               AND NOT EXISTS (SELECT 1 FROM registry.expiry_reminder r WHERE r.credential_set_id = s.credential_set_id
                                  AND r.days_before = #{days} AND r.sent_at IS NOT NULL)
             ORDER BY s.credential_set_id LIMIT #{limit}
            """)
    @ConstructorArgs({
            @Arg(column = "credential_set_id", javaType = String.class),
            @Arg(column = "se_id", javaType = String.class),
            @Arg(column = "card_not_after", javaType = Instant.class)})
    List<ExpiryReminderDue> findRemindersDue(@Param("from") Instant from, @Param("until") Instant until,
                                             @Param("days") int days, @Param("after") String after, @Param("limit") int limit);

    @Insert("""
            INSERT INTO registry.expiry_reminder (credential_set_id, days_before, claimed_at)
            VALUES (#{id}, #{days}, #{at})
            """)
    void insertReminderClaim(@Param("id") String id, @Param("days") int days, @Param("at") Instant at);

    @Update("""
            UPDATE registry.expiry_reminder SET sent_at = #{at}
             WHERE credential_set_id = #{id} AND days_before = #{days} AND sent_at IS NULL
            """)
    int markReminderSent(@Param("id") String id, @Param("days") int days, @Param("at") Instant at);

    // ------------------------------------------------------------------ key replacement (re-issue)

    @Insert("""
            INSERT INTO registry.credential_set_key_replacement (credential_set_id, key_role, case_id, public_key, created_at)
            VALUES (#{id}, #{role}, #{caseId}, #{publicKey}, #{at})
            """)
    void insertReplacement(@Param("id") String id, @Param("role") KeyRole role, @Param("caseId") String caseId,
                           @Param("publicKey") byte[] publicKey, @Param("at") Instant at);

    @Select("""
            SELECT credential_set_id, key_role, case_id, public_key, issuing_ca, serial, certificate, created_at
              FROM registry.credential_set_key_replacement WHERE credential_set_id = #{id} AND key_role = #{role}
            """)
    @ConstructorArgs({
            @Arg(column = "credential_set_id", javaType = String.class),
            @Arg(column = "key_role", javaType = KeyRole.class),
            @Arg(column = "case_id", javaType = String.class),
            @Arg(column = "public_key", javaType = byte[].class),
            @Arg(column = "issuing_ca", javaType = String.class),
            @Arg(column = "serial", javaType = BigInteger.class),
            @Arg(column = "certificate", javaType = byte[].class),
            @Arg(column = "created_at", javaType = Instant.class)})
    org.mjpki.registry.CredentialKeyReplacement findReplacement(@Param("id") String id, @Param("role") KeyRole role);

    @Update("""
            UPDATE registry.credential_set_key_replacement SET issuing_ca = #{issuingCa}, serial = #{serial},
                   certificate = #{certificate}
             WHERE credential_set_id = #{id} AND key_role = #{role}
            """)
    int updateReplacementCertificate(@Param("id") String id, @Param("role") KeyRole role, @Param("issuingCa") String issuingCa,
                                     @Param("serial") BigInteger serial, @Param("certificate") byte[] certificate);

    @Delete("DELETE FROM registry.credential_set_key_replacement WHERE credential_set_id = #{id} AND key_role = #{role}")
    int deleteReplacement(@Param("id") String id, @Param("role") KeyRole role);

    /**
     * The replacement takes the key's place; the old certificate's serial becomes the new one's lineage (set first: the
     * SET expressions read the row as it was, and so would a database that applied them one by one).
     */
    @Update("""
            UPDATE registry.credential_set_key SET replaces_serial = serial, public_key = #{r.publicKey},
                   issuing_ca = #{r.issuingCa}, serial = #{r.serial}, certificate = #{r.certificate},
                   revoked_at = NULL, revocation_reason = NULL
             WHERE credential_set_id = #{r.credentialSetId} AND key_role = #{r.role}
            """)
    int replaceKey(@Param("r") org.mjpki.registry.CredentialKeyReplacement replacement);

    // ------------------------------------------------------------------ holder look-up (call center)

    @Update("""
            UPDATE registry.holder_lookup SET facts_digest = #{digest}, recorded_at = #{at} WHERE holder_ref = #{holderRef}
            """)
    int updateHolderLookup(@Param("holderRef") String holderRef, @Param("digest") String digest, @Param("at") Instant at);

    @Insert("INSERT INTO registry.holder_lookup (holder_ref, facts_digest, recorded_at) VALUES (#{holderRef}, #{digest}, #{at})")
    void insertHolderLookup(@Param("holderRef") String holderRef, @Param("digest") String digest, @Param("at") Instant at);

    @Select("""
            SELECT s.credential_set_id FROM registry.holder_lookup h
              JOIN registry.credential_set s ON s.holder_ref = h.holder_ref
             WHERE h.facts_digest = #{digest} AND s.state IN ('RESERVED','PERSONALIZING','ACTIVE','ON_HOLD')
             ORDER BY s.created_at
            """)
    List<String> findLiveSetIdsByFactsDigest(@Param("digest") String digest);

    /** Locks the set's row for the rest of the transaction: serializes against state changes. */
    @Select("SELECT state FROM registry.credential_set WHERE credential_set_id = #{id} FOR UPDATE")
    CredentialState lockState(String id);

    // ------------------------------------------------------------------ card-certificate links (V8)

    @Insert("""
            INSERT INTO registry.card_certificate_link (credential_set_id, key_role, card_issuing_ca, card_serial,
                                                        card_certificate, linked_at)
            VALUES (#{id}, #{role}, #{card.issuingCa}, #{serialHex}, #{certificate}, #{at})
            """)
    void insertCardLink(@Param("id") String id, @Param("role") KeyRole role, @Param("card") CardCertificateLink card,
                        @Param("serialHex") String serialHex, @Param("certificate") byte[] certificate, @Param("at") Instant at);

    /** The link's card certificate as a one-column row (MyBatis reads a bare byte[] result as a single byte). */
    @Select("SELECT card_certificate FROM registry.card_certificate_link WHERE credential_set_id = #{id} AND key_role = #{role}")
    java.util.Map<String, Object> findLinkedCardCertificate(@Param("id") String id, @Param("role") KeyRole role);

    @Update("""
            UPDATE registry.application SET card_user_auth_issuing_ca = #{card.issuingCa}, card_user_auth_serial = #{serialHex}
             WHERE application_id = #{id}
            """)
    int updateApplicationUserAuthCard(@Param("id") String applicationId, @Param("card") CardCertificateLink card,
                                      @Param("serialHex") String serialHex);

    @Select("""
            SELECT card_user_auth_issuing_ca, card_user_auth_serial FROM registry.application
             WHERE application_id = #{id} AND card_user_auth_serial IS NOT NULL
            """)
    java.util.Map<String, Object> findApplicationUserAuthCard(@Param("id") String applicationId);

    @Delete("DELETE FROM registry.card_certificate_link WHERE credential_set_id = #{id} AND key_role = #{role}")
    int deleteCardLink(@Param("id") String id, @Param("role") KeyRole role);

    /** A set's links, as (role, issuing CA, hex serial) rows. */
    @Select("""
            SELECT key_role, card_issuing_ca, card_serial FROM registry.card_certificate_link
             WHERE credential_set_id = #{id} ORDER BY key_role
            """)
    List<java.util.Map<String, Object>> findCardLinks(@Param("id") String id);


    @Select("""
            SELECT key_role FROM registry.credential_set_key WHERE credential_set_id = #{id} AND revoked_at IS NOT NULL
            """)
    List<KeyRole> findRevokedKeyRoles(@Param("id") String id);
}
