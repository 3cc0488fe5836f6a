package org.mjpki.registry.persistence;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
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
import org.mjpki.registry.SmartphoneCredential;

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
                   holder_ref, card_not_after
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
            @Arg(column = "card_not_after", javaType = Instant.class)})
    SmartphoneApplication findApplication(String applicationId);

    @Update("""
            UPDATE registry.application SET holder_ref = #{holderRef}, card_not_after = #{cardNotAfter}
             WHERE application_id = #{applicationId}
            """)
    int updateApplicationHolder(@Param("applicationId") String applicationId, @Param("holderRef") String holderRef,
                                @Param("cardNotAfter") Instant cardNotAfter);

    @Update("UPDATE registry.application SET operation_challenge = #{challenge} WHERE application_id = #{applicationId} AND operation_challenge IS NULL")
    int setOperationChallenge(@Param("applicationId") String applicationId, @Param("challenge") byte[] challenge);

    /** One column of bytes, wrapped: MyBatis would read a bare {@code byte[]} result as a list of rows. */
    record Bytes(byte[] value) {}

    @Select("SELECT operation_challenge FROM registry.application WHERE application_id = #{applicationId} AND operation_challenge IS NOT NULL")
    @ConstructorArgs(@Arg(column = "operation_challenge", javaType = byte[].class))
    Bytes findOperationChallenge(String applicationId);

    @Insert("""
            INSERT INTO registry.smartphone_credential (application_id, holder_ref, se_id, state, applet_state,
                card_not_after, created_at, updated_at, biometrics_allowed)
            VALUES (#{applicationId}, #{holderRef}, #{seId}, #{state}, #{appletState}, #{cardNotAfter}, #{createdAt}, #{updatedAt},
                #{biometricsAllowed})
            """)
    void insertCredential(SmartphoneCredential credential);

    String CREDENTIAL_COLUMNS = "application_id, holder_ref, se_id, state, applet_state, card_not_after, created_at, updated_at, "
            + "biometrics_allowed";

    @Select("SELECT " + CREDENTIAL_COLUMNS + " FROM registry.smartphone_credential WHERE application_id = #{applicationId}")
    @ConstructorArgs({
            @Arg(column = "application_id", javaType = String.class),
            @Arg(column = "holder_ref", javaType = String.class),
            @Arg(column = "se_id", javaType = String.class),
            @Arg(column = "state", javaType = CredentialState.class),
            @Arg(column = "applet_state", javaType = AppletState.class),
            @Arg(column = "card_not_after", javaType = Instant.class),
            @Arg(column = "created_at", javaType = Instant.class),
            @Arg(column = "updated_at", javaType = Instant.class),
            @Arg(column = "biometrics_allowed", javaType = Boolean.class)})
    SmartphoneCredential findCredential(String applicationId);

    @Select("SELECT " + CREDENTIAL_COLUMNS + """
             FROM registry.smartphone_credential
            WHERE holder_ref = #{holderRef} AND state IN ('RESERVED','PERSONALIZING','ACTIVE','ON_HOLD')
            """)
    @ConstructorArgs({
            @Arg(column = "application_id", javaType = String.class),
            @Arg(column = "holder_ref", javaType = String.class),
            @Arg(column = "se_id", javaType = String.class),
            @Arg(column = "state", javaType = CredentialState.class),
            @Arg(column = "applet_state", javaType = AppletState.class),
            @Arg(column = "card_not_after", javaType = Instant.class),
            @Arg(column = "created_at", javaType = Instant.class),
            @Arg(column = "updated_at", javaType = Instant.class),
            @Arg(column = "biometrics_allowed", javaType = Boolean.class)})
    SmartphoneCredential findLiveCredentialOfHolder(String holderRef);

    /** Compare-and-set on the state, so two writers cannot both move the same credential. */
    @Update("""
            UPDATE registry.smartphone_credential SET state = #{to}, updated_at = #{at}
             WHERE application_id = #{applicationId} AND state = #{from}
            """)
    int updateState(@Param("applicationId") String applicationId, @Param("from") CredentialState from,
                    @Param("to") CredentialState to, @Param("at") Instant at);

    @Update("""
            UPDATE registry.smartphone_credential SET applet_state = #{to}, updated_at = #{at}
             WHERE application_id = #{applicationId}
            """)
    int updateAppletState(@Param("applicationId") String applicationId, @Param("to") AppletState to, @Param("at") Instant at);

    @Update("""
            UPDATE registry.smartphone_credential SET biometrics_allowed = #{allowed}, updated_at = #{at}
             WHERE application_id = #{applicationId}
            """)
    int updateBiometricsAllowed(@Param("applicationId") String applicationId, @Param("allowed") boolean allowed,
                                @Param("at") Instant at);

    @Insert("""
            INSERT INTO registry.credential_transition (application_id, from_state, to_state, reason, at)
            VALUES (#{applicationId}, #{from}, #{to}, #{reason}, #{at})
            """)
    void insertTransition(CredentialTransition transition);

    @Select("""
            SELECT application_id, from_state, to_state, reason, at FROM registry.credential_transition
             WHERE application_id = #{applicationId} ORDER BY id
            """)
    @ConstructorArgs({
            @Arg(column = "application_id", javaType = String.class),
            @Arg(column = "from_state", javaType = CredentialState.class),
            @Arg(column = "to_state", javaType = CredentialState.class),
            @Arg(column = "reason", javaType = String.class),
            @Arg(column = "at", javaType = Instant.class)})
    List<CredentialTransition> findTransitions(String applicationId);

    @Insert("""
            INSERT INTO registry.credential_key (application_id, key_role, public_key)
            VALUES (#{applicationId}, #{role}, #{publicKey})
            """)
    void insertKey(@Param("applicationId") String applicationId, @Param("role") KeyRole role, @Param("publicKey") byte[] publicKey);

    @Update("""
            UPDATE registry.credential_key SET issuing_ca = #{issuingCa}, serial = #{serial}, certificate = #{certificate}
             WHERE application_id = #{applicationId} AND key_role = #{role}
            """)
    int updateKeyCertificate(@Param("applicationId") String applicationId, @Param("role") KeyRole role,
                             @Param("issuingCa") String issuingCa, @Param("serial") BigInteger serial,
                             @Param("certificate") byte[] certificate);

    String KEY_COLUMNS = "application_id, key_role, public_key, issuing_ca, serial, certificate";

    @Select("SELECT " + KEY_COLUMNS + " FROM registry.credential_key WHERE application_id = #{applicationId} AND key_role = #{role}")
    @ConstructorArgs({
            @Arg(column = "application_id", javaType = String.class),
            @Arg(column = "key_role", javaType = KeyRole.class),
            @Arg(column = "public_key", javaType = byte[].class),
            @Arg(column = "issuing_ca", javaType = String.class),
            @Arg(column = "serial", javaType = BigInteger.class),
            @Arg(column = "certificate", javaType = byte[].class)})
    CredentialKey findKey(@Param("applicationId") String applicationId, @Param("role") KeyRole role);

    @Insert("""
            INSERT INTO registry.operation_check (application_id, key_role, signature, identification, submitted_at)
            VALUES (#{s.applicationId}, #{s.role}, #{s.signature}, #{s.identification}, #{at})
            """)
    void insertOperationCheck(@Param("s") OperationCheckSignature signature, @Param("at") Instant at);

    @Select("SELECT application_id, key_role, signature, identification FROM registry.operation_check WHERE application_id = #{applicationId} AND key_role = #{role}")
    @ConstructorArgs({
            @Arg(column = "application_id", javaType = String.class),
            @Arg(column = "key_role", javaType = KeyRole.class),
            @Arg(column = "signature", javaType = byte[].class),
            @Arg(column = "identification", javaType = byte[].class)})
    OperationCheckSignature findOperationCheck(@Param("applicationId") String applicationId, @Param("role") KeyRole role);

    /** Live credentials whose card certificate has reached its notAfter (R3), oldest first. */
    @Select("""
            SELECT application_id FROM registry.smartphone_credential
             WHERE state IN ('ACTIVE','ON_HOLD') AND card_not_after <= #{now}
             ORDER BY card_not_after LIMIT #{limit}
            """)
    List<String> findDueForExpiry(@Param("now") Instant now, @Param("limit") int limit);

    /** Locks the credential's row for the rest of the transaction: serializes against state changes. */
    @Select("SELECT state FROM registry.smartphone_credential WHERE application_id = #{applicationId} FOR UPDATE")
    CredentialState lockCredentialState(String applicationId);
}
