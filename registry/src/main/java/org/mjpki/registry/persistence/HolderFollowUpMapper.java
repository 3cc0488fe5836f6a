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
import org.mjpki.registry.followup.HolderFollowUp;

/** SQL of the follow-up queue (V8). Only the registry's classes call it. */
@Mapper
public interface HolderFollowUpMapper {


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
            SELECT credential_set_id, kind, case_id, notification, queued_at, attempts FROM registry.holder_follow_up
             WHERE done_at IS NULL AND next_attempt_at <= #{now}
             ORDER BY next_attempt_at, credential_set_id
             LIMIT #{limit}
            """)
    @ConstructorArgs({
            @Arg(column = "credential_set_id", javaType = String.class),
            @Arg(column = "kind", javaType = HolderFollowUp.Kind.class),
            @Arg(column = "case_id", javaType = String.class),
            @Arg(column = "notification", javaType = String.class),
            @Arg(column = "queued_at", javaType = Instant.class),
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

    @Select("SELECT COUNT(*) FROM registry.holder_follow_up WHERE done_at IS NULL AND kind = #{kind}")
    long countOpenFollowUps(@Param("kind") HolderFollowUp.Kind kind);


    @Update("""
            UPDATE registry.holder_follow_up SET next_attempt_at = #{now}
             WHERE credential_set_id = #{id} AND kind = #{kind} AND done_at IS NULL
            """)
    int retryNow(@Param("id") String id, @Param("kind") HolderFollowUp.Kind kind, @Param("now") Instant now);
}
