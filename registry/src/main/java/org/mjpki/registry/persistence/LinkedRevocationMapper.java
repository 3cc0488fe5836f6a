package org.mjpki.registry.persistence;

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
import org.mjpki.registry.linked.HolderFollowUp;
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
            SELECT credential_set_id, key_role, card_issuing_ca, card_serial, card_reason, found_at
              FROM registry.linked_revocation WHERE credential_set_id = #{id} AND outcome IS NULL ORDER BY key_role
            """)
    @ConstructorArgs({
            @Arg(column = "credential_set_id", javaType = String.class),
            @Arg(column = "key_role", javaType = KeyRole.class),
            @Arg(column = "card_issuing_ca", javaType = String.class),
            @Arg(column = "card_serial", javaType = String.class),
            @Arg(column = "card_reason", javaType = String.class),
            @Arg(column = "found_at", javaType = Instant.class)
    })
    List<LinkedRevocationFinding> findOpenOfSet(@Param("id") String id);

    @Update("""
            UPDATE registry.linked_revocation SET outcome = #{outcome}, case_id = #{caseId}, ended_at = #{at}
             WHERE credential_set_id = #{f.credentialSetId} AND key_role = #{f.role} AND card_issuing_ca = #{f.cardIssuingCa}
               AND card_serial = #{f.cardSerialHex} AND outcome IS NULL
            """)
    int close(@Param("f") LinkedRevocationFinding finding, @Param("outcome") String outcome,
              @Param("caseId") String caseId, @Param("at") Instant at);

    @Select("""
            SELECT outcome FROM registry.linked_revocation WHERE credential_set_id = #{id} AND key_role = #{role}
             ORDER BY found_at DESC LIMIT 1
            """)
    String findLatestOutcome(@Param("id") String id, @Param("role") KeyRole role);

    // ------------------------------------------------------------------ follow-ups

    /** Queues a follow-up unless the same one is queued already (portable: no ON CONFLICT on H2). */
    @Insert("""
            INSERT INTO registry.holder_follow_up (credential_set_id, kind, case_id, notification, queued_at, attempts,
                                                   next_attempt_at)
            SELECT #{id}, #{kind}, #{caseId}, #{notification}, #{at}, 0, #{at} FROM (VALUES (1)) AS one (x)
             WHERE NOT EXISTS (SELECT 1 FROM registry.holder_follow_up
                                WHERE credential_set_id = #{id} AND kind = #{kind} AND case_id = #{caseId})
            """)
    int queueFollowUp(@Param("id") String id, @Param("kind") HolderFollowUp.Kind kind, @Param("caseId") String caseId,
                      @Param("notification") String notification, @Param("at") Instant at);

    @Select("""
            SELECT credential_set_id, kind, case_id, notification, attempts FROM registry.holder_follow_up
             WHERE done_at IS NULL AND next_attempt_at <= #{now}
             ORDER BY next_attempt_at, credential_set_id
             LIMIT #{limit}
            """)
    @ConstructorArgs({
            @Arg(column = "credential_set_id", javaType = String.class),
            @Arg(column = "kind", javaType = HolderFollowUp.Kind.class),
            @Arg(column = "case_id", javaType = String.class),
            @Arg(column = "notification", javaType = String.class),
            @Arg(column = "attempts", javaType = int.class)
    })
    List<HolderFollowUp> findFollowUpsDue(@Param("now") Instant now, @Param("limit") int limit);

    @Update("""
            UPDATE registry.holder_follow_up SET done_at = #{at}
             WHERE credential_set_id = #{id} AND kind = #{kind} AND case_id = #{caseId} AND done_at IS NULL
            """)
    int markFollowUpDone(@Param("id") String id, @Param("kind") HolderFollowUp.Kind kind, @Param("caseId") String caseId,
                         @Param("at") Instant at);

    @Update("""
            UPDATE registry.holder_follow_up SET attempts = attempts + 1, next_attempt_at = #{next}
             WHERE credential_set_id = #{id} AND kind = #{kind} AND case_id = #{caseId} AND done_at IS NULL
            """)
    int postponeFollowUp(@Param("id") String id, @Param("kind") HolderFollowUp.Kind kind, @Param("caseId") String caseId,
                         @Param("next") Instant next);

    @Select("SELECT COUNT(*) FROM registry.holder_follow_up WHERE done_at IS NULL AND kind = #{kind} AND case_id = #{caseId}")
    long countOpenFollowUps(@Param("kind") HolderFollowUp.Kind kind, @Param("caseId") String caseId);
}
