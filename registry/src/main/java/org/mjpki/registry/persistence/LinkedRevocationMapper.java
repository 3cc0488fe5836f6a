package org.mjpki.registry.persistence;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.registry.linked.LinkedRevocationFinding;

/** SQL of the sweep's ledger and the follow-up queue (V8). Only {@link org.mjpki.registry.linked.LinkedRevocationLedger} calls it. */
@Mapper
public interface LinkedRevocationMapper {

    @Select("SELECT COUNT(*) FROM registry.credential_set WHERE state IN ('ACTIVE','ON_HOLD')")
    long countLiveSets();

    @Select("""
            SELECT COUNT(*) FROM registry.card_certificate_link l
              JOIN registry.credential_set s ON s.credential_set_id = l.credential_set_id
             WHERE s.state IN ('ACTIVE','ON_HOLD')
            """)
    long countLiveLinks();

    @Select("SELECT COUNT(*) FROM registry.linked_revocation WHERE outcome IS NULL AND found_at <= #{foundBefore}")
    long countOpen(@Param("foundBefore") Instant foundBefore);

    /** How many distinct sets the open findings due by then would touch (the safety valve's measure). */
    @Select("SELECT COUNT(DISTINCT credential_set_id) FROM registry.linked_revocation WHERE outcome IS NULL AND found_at <= #{foundBefore}")
    long countOpenSets(@Param("foundBefore") Instant foundBefore);

    /** A keyset page of the open findings due by then, after (set, role, card serial), in key order. */
    @Select("""
            SELECT credential_set_id, key_role, card_issuing_ca, card_serial, card_reason, found_at
              FROM registry.linked_revocation
             WHERE outcome IS NULL AND found_at <= #{foundBefore}
               AND (credential_set_id > #{afterSet}
                    OR (credential_set_id = #{afterSet} AND key_role > #{afterRole})
                    OR (credential_set_id = #{afterSet} AND key_role = #{afterRole} AND card_serial > #{afterSerial}))
             ORDER BY credential_set_id, key_role, card_serial
             LIMIT #{limit}
            """)
    @ConstructorArgs({
            @Arg(column = "credential_set_id", javaType = String.class),
            @Arg(column = "key_role", javaType = KeyRole.class),
            @Arg(column = "card_issuing_ca", javaType = String.class),
            @Arg(column = "card_serial", javaType = String.class),
            @Arg(column = "card_reason", javaType = String.class),
            @Arg(column = "found_at", javaType = Instant.class)
    })
    List<LinkedRevocationFinding> findOpenPage(@Param("foundBefore") Instant foundBefore, @Param("afterSet") String afterSet,
                                               @Param("afterRole") String afterRole, @Param("afterSerial") String afterSerial,
                                               @Param("limit") int limit);

    @Select("""
            SELECT outcome FROM registry.linked_revocation WHERE credential_set_id = #{id} AND key_role = #{role}
             ORDER BY found_at DESC LIMIT 1
            """)
    String findLatestOutcome(@Param("id") String id, @Param("role") KeyRole role);

    @Select("SELECT COUNT(*) FROM registry.linked_revocation WHERE case_id = #{caseId} AND outcome = #{outcome}")
    long countClosedBy(@Param("caseId") String caseId, @Param("outcome") String outcome);

    /** Sets whose last certificates this sweep revoked: they ended REVOKED under their linked case. */
    @Select("""
            SELECT COUNT(DISTINCT f.credential_set_id) FROM registry.linked_revocation f
              JOIN registry.credential_set s ON s.credential_set_id = f.credential_set_id
             WHERE f.case_id = #{caseId} AND f.outcome = 'REVOKED' AND s.state = 'REVOKED'
               AND s.revocation_case_id = CONCAT('linked/', f.credential_set_id)
            """)
    long countSetsEndedBy(@Param("caseId") String caseId);
}
