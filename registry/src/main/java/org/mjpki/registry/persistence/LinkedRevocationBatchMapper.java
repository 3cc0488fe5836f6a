package org.mjpki.registry.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.registry.CredentialTransition;
import org.mjpki.registry.linked.LinkedRevocationBatches;
import org.mjpki.registry.linked.LinkedRevocationFinding;

/**
 * Set-wise SQL for one batch of the linked-revocation sweep: each statement covers the batch's sets (IN lists of at most
 * a batch, portable to H2), none is run once per set. Only {@link org.mjpki.registry.linked.LinkedRevocationBatches} calls it.
 */
@Mapper
public interface LinkedRevocationBatchMapper {

    /** The sets as they stand: (credential_set_id, state, revocation_case_id) rows. */
    @Select("""
            <script>
            SELECT credential_set_id, state, revocation_case_id FROM registry.credential_set
             WHERE credential_set_id IN <foreach item="id" collection="ids" open="(" separator="," close=")">#{id}</foreach>
             ORDER BY credential_set_id
            </script>
            """)
    List<Map<String, Object>> findSets(@Param("ids") Collection<String> ids);

    /** Like {@link #findSets}, and locks the rows in id order until the transaction ends (two batches cannot deadlock). */
    @Select("""
            <script>
            SELECT credential_set_id, state, revocation_case_id FROM registry.credential_set
             WHERE credential_set_id IN <foreach item="id" collection="ids" open="(" separator="," close=")">#{id}</foreach>
             ORDER BY credential_set_id FOR UPDATE
            </script>
            """)
    List<Map<String, Object>> lockSets(@Param("ids") Collection<String> ids);

    /** The sets' keys: (credential_set_id, key_role, issuing_ca, serial, revoked_at) rows. */
    @Select("""
            <script>
            SELECT credential_set_id, key_role, issuing_ca, serial, revoked_at FROM registry.credential_set_key
             WHERE credential_set_id IN <foreach item="id" collection="ids" open="(" separator="," close=")">#{id}</foreach>
            </script>
            """)
    List<Map<String, Object>> findKeys(@Param("ids") Collection<String> ids);

    @Select("""
            <script>
            SELECT credential_set_id, key_role, card_issuing_ca, card_serial, card_reason, found_at
              FROM registry.linked_revocation
             WHERE outcome IS NULL
               AND credential_set_id IN <foreach item="id" collection="ids" open="(" separator="," close=")">#{id}</foreach>
             ORDER BY credential_set_id, key_role, card_serial
            </script>
            """)
    @ConstructorArgs({
            @Arg(column = "credential_set_id", javaType = String.class),
            @Arg(column = "key_role", javaType = KeyRole.class),
            @Arg(column = "card_issuing_ca", javaType = String.class),
            @Arg(column = "card_serial", javaType = String.class),
            @Arg(column = "card_reason", javaType = String.class),
            @Arg(column = "found_at", javaType = Instant.class)
    })
    List<LinkedRevocationFinding> findOpenOf(@Param("ids") Collection<String> ids);

    /** Takes each set for its case, unless another case has it or it is no longer active or held. */
    @Update("""
            <script>
            UPDATE registry.credential_set
               SET revocation_case_id = CASE credential_set_id
                   <foreach item="c" collection="claims">WHEN #{c.credentialSetId} THEN #{c.caseId} </foreach> END,
                   updated_at = #{at}
             WHERE revocation_case_id IS NULL AND state IN ('ACTIVE','ON_HOLD')
               AND credential_set_id IN <foreach item="c" collection="claims" open="(" separator="," close=")">#{c.credentialSetId}</foreach>
            </script>
            """)
    int claim(@Param("claims") Collection<Claim> claims, @Param("at") Instant at);

    record Claim(String credentialSetId, String caseId) {}

    @Update("""
            <script>
            UPDATE registry.credential_set SET state = 'REVOKED', updated_at = #{at}
             WHERE state IN ('ACTIVE','ON_HOLD')
               AND credential_set_id IN <foreach item="id" collection="ids" open="(" separator="," close=")">#{id}</foreach>
            </script>
            """)
    int revokeSets(@Param("ids") Collection<String> ids, @Param("at") Instant at);

    /** Marks the {@code role} key of each set revoked with one reason; keys revoked already are left as they are. */
    @Update("""
            <script>
            UPDATE registry.credential_set_key SET revoked_at = #{at}, revocation_reason = #{reason}
             WHERE key_role = #{role} AND revoked_at IS NULL
               AND credential_set_id IN <foreach item="id" collection="ids" open="(" separator="," close=")">#{id}</foreach>
            </script>
            """)
    int revokeKeys(@Param("ids") Collection<String> ids, @Param("role") KeyRole role, @Param("reason") String reason,
                   @Param("at") Instant at);

    @Insert("""
            <script>
            INSERT INTO registry.credential_set_transition (credential_set_id, aspect, from_state, to_state, actor, case_id,
                reason, at) VALUES
            <foreach item="t" collection="transitions" separator=",">
              (#{t.credentialSetId}, #{t.aspect}, #{t.from}, #{t.to}, #{t.actor}, #{t.caseId}, #{t.reason}, #{t.at})
            </foreach>
            </script>
            """)
    void insertTransitions(@Param("transitions") Collection<CredentialTransition> transitions);

    /** (credential_set_id, kind, case_id) of the follow-ups of these sets queued already. */
    @Select("""
            <script>
            SELECT credential_set_id, kind, case_id FROM registry.holder_follow_up
             WHERE credential_set_id IN <foreach item="id" collection="ids" open="(" separator="," close=")">#{id}</foreach>
            </script>
            """)
    List<Map<String, Object>> findFollowUps(@Param("ids") Collection<String> ids);

    @Insert("""
            <script>
            INSERT INTO registry.holder_follow_up (credential_set_id, kind, case_id, notification, queued_at, attempts,
                                                   next_attempt_at) VALUES
            <foreach item="f" collection="followUps" separator=",">
              (#{f.credentialSetId}, #{f.kind}, #{f.caseId}, #{f.notification}, #{at}, 0, #{at})
            </foreach>
            </script>
            """)
    void insertFollowUps(@Param("followUps") Collection<LinkedRevocationBatches.FollowUp> followUps, @Param("at") Instant at);

    /** Closes the open findings of {@code role} found by {@code dueBefore} of each set with one outcome. */
    @Update("""
            <script>
            UPDATE registry.linked_revocation SET outcome = #{outcome}, case_id = #{caseId}, ended_at = #{at}
             WHERE outcome IS NULL AND key_role = #{role} AND found_at &lt;= #{dueBefore}
               AND credential_set_id IN <foreach item="id" collection="ids" open="(" separator="," close=")">#{id}</foreach>
            </script>
            """)
    int close(@Param("ids") Collection<String> ids, @Param("role") KeyRole role, @Param("dueBefore") Instant dueBefore,
              @Param("outcome") String outcome, @Param("caseId") String caseId, @Param("at") Instant at);
}
