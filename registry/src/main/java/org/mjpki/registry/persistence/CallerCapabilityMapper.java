package org.mjpki.registry.persistence;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** SQL of the callers' capabilities (V9). Only {@link org.mjpki.registry.caller.CallerCapabilities} calls it. */
@Mapper
public interface CallerCapabilityMapper {

    /** Binds an application to its caller once: a second binding changes nothing. */
    @Update("""
            UPDATE registry.application SET caller_capability_sha256 = #{sha256}
             WHERE application_id = #{id} AND caller_capability_sha256 IS NULL
            """)
    int bindApplication(@Param("id") String applicationId, @Param("sha256") String sha256);

    @Update("""
            UPDATE registry.holder_request SET caller_capability_sha256 = #{sha256}
             WHERE request_id = #{id} AND caller_capability_sha256 IS NULL
            """)
    int bindHolderRequest(@Param("id") String requestId, @Param("sha256") String sha256);

    @Select("SELECT caller_capability_sha256 FROM registry.application WHERE application_id = #{id}")
    String findOfApplication(@Param("id") String applicationId);

    /** The caller of the application that made the set. */
    @Select("""
            SELECT a.caller_capability_sha256 FROM registry.credential_set s
              JOIN registry.application a ON a.application_id = s.application_id
             WHERE s.credential_set_id = #{id}
            """)
    String findOfCredentialSet(@Param("id") String credentialSetId);

    @Select("SELECT caller_capability_sha256 FROM registry.holder_request WHERE request_id = #{id} AND kind = #{kind}")
    String findOfHolderRequest(@Param("id") String requestId, @Param("kind") String kind);

    /** The application with this id and nonce, if the caller with this capability started it. */
    @Select("""
            SELECT application_id FROM registry.application
             WHERE application_id = #{id} AND nonce = #{nonce} AND caller_capability_sha256 = #{sha256}
            """)
    String findApplicationStartedBy(@Param("id") String applicationId, @Param("nonce") String nonce,
                                    @Param("sha256") String sha256);

    /** The request of this kind with this nonce, if the caller with this capability started it. */
    @Select("""
            SELECT request_id FROM registry.holder_request
             WHERE nonce = #{nonce} AND kind = #{kind} AND caller_capability_sha256 = #{sha256}
            """)
    String findHolderRequestStartedBy(@Param("kind") String kind, @Param("nonce") String nonce, @Param("sha256") String sha256);
}
