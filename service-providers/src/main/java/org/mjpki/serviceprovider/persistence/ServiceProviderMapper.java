package org.mjpki.serviceprovider.persistence;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.mjpki.serviceprovider.RegisteredApp;
import org.mjpki.serviceprovider.RegisteredReturnUrl;
import org.mjpki.serviceprovider.ServiceProvider;
import org.mjpki.serviceprovider.ServiceProviderChange;
import org.mjpki.serviceprovider.ServiceProviderStatus;

/**
 * SQL of the {@code service_provider} schema (V1). Only {@link org.mjpki.serviceprovider.ServiceProviders} calls it. There
 * is no DELETE here, and the database refuses one (history is kept).
 */
@Mapper
public interface ServiceProviderMapper {

    // ------------------------------------------------------------------ providers

    @Insert("""
            INSERT INTO service_provider.service_provider (service_provider_id, name, status, created_at, updated_at)
            VALUES (#{id}, #{name}, 'ACTIVE', #{at}, #{at})
            """)
    void insertProvider(@Param("id") String id, @Param("name") String name, @Param("at") Instant at);

    @Select("""
            SELECT service_provider_id, name, status, created_at, updated_at FROM service_provider.service_provider
             WHERE service_provider_id = #{id}
            """)
    @ConstructorArgs({
            @Arg(column = "service_provider_id", javaType = String.class),
            @Arg(column = "name", javaType = String.class),
            @Arg(column = "status", javaType = ServiceProviderStatus.class),
            @Arg(column = "created_at", javaType = Instant.class),
            @Arg(column = "updated_at", javaType = Instant.class)})
    ServiceProvider findProvider(@Param("id") String id);

    /** The provider, its row locked until the transaction ends: every change of a provider goes through here first. */
    @Select("""
            SELECT service_provider_id, name, status, created_at, updated_at FROM service_provider.service_provider
             WHERE service_provider_id = #{id} FOR UPDATE
            """)
    @ConstructorArgs({
            @Arg(column = "service_provider_id", javaType = String.class),
            @Arg(column = "name", javaType = String.class),
            @Arg(column = "status", javaType = ServiceProviderStatus.class),
            @Arg(column = "created_at", javaType = Instant.class),
            @Arg(column = "updated_at", javaType = Instant.class)})
    ServiceProvider lockProvider(@Param("id") String id);

    @Select("""
            SELECT service_provider_id, name, status, created_at, updated_at FROM service_provider.service_provider
             ORDER BY created_at, service_provider_id
            """)
    @ConstructorArgs({
            @Arg(column = "service_provider_id", javaType = String.class),
            @Arg(column = "name", javaType = String.class),
            @Arg(column = "status", javaType = ServiceProviderStatus.class),
            @Arg(column = "created_at", javaType = Instant.class),
            @Arg(column = "updated_at", javaType = Instant.class)})
    List<ServiceProvider> listProviders();

    @Update("""
            UPDATE service_provider.service_provider SET updated_at = #{at}
             WHERE service_provider_id = #{id}
            """)
    int touchProvider(@Param("id") String id, @Param("at") Instant at);

    @Update("""
            UPDATE service_provider.service_provider SET status = 'WITHDRAWN', updated_at = #{at}
             WHERE service_provider_id = #{id} AND status = 'ACTIVE'
            """)
    int withdrawProvider(@Param("id") String id, @Param("at") Instant at);

    // ------------------------------------------------------------------ apps

    @Insert("""
            INSERT INTO service_provider.service_provider_app (app_id, service_provider_id, registered_at)
            VALUES (#{appId}, #{id}, #{at})
            """)
    void insertApp(@Param("id") String id, @Param("appId") String appId, @Param("at") Instant at);

    @Select("""
            SELECT app_id, registered_at FROM service_provider.service_provider_app
             WHERE service_provider_id = #{id} ORDER BY registered_at, app_id
            """)
    @ConstructorArgs({
            @Arg(column = "app_id", javaType = String.class),
            @Arg(column = "registered_at", javaType = Instant.class)})
    List<RegisteredApp> appsOf(@Param("id") String id);

    /** The provider that registered the app, or null. */
    @Select("""
            SELECT p.service_provider_id, p.name, p.status, p.created_at, p.updated_at
              FROM service_provider.service_provider_app a
              JOIN service_provider.service_provider p ON p.service_provider_id = a.service_provider_id
             WHERE a.app_id = #{appId}
            """)
    @ConstructorArgs({
            @Arg(column = "service_provider_id", javaType = String.class),
            @Arg(column = "name", javaType = String.class),
            @Arg(column = "status", javaType = ServiceProviderStatus.class),
            @Arg(column = "created_at", javaType = Instant.class),
            @Arg(column = "updated_at", javaType = Instant.class)})
    ServiceProvider providerOfApp(@Param("appId") String appId);

    // ------------------------------------------------------------------ return URLs

    @Insert("""
            INSERT INTO service_provider.return_url (return_url_id, service_provider_id, url, registered_at)
            VALUES (#{urlId}, #{id}, #{url}, #{at})
            """)
    void insertReturnUrl(@Param("id") String id, @Param("urlId") String urlId, @Param("url") String url,
                         @Param("at") Instant at);

    @Select("""
            SELECT return_url_id, url, registered_at, withdrawn_at FROM service_provider.return_url
             WHERE service_provider_id = #{id} ORDER BY registered_at, return_url_id
            """)
    @ConstructorArgs({
            @Arg(column = "return_url_id", javaType = String.class),
            @Arg(column = "url", javaType = String.class),
            @Arg(column = "registered_at", javaType = Instant.class),
            @Arg(column = "withdrawn_at", javaType = Instant.class)})
    List<RegisteredReturnUrl> returnUrlsOf(@Param("id") String id);

    /** Every registration of exactly this text by the provider, current and withdrawn. */
    @Select("""
            SELECT return_url_id, url, registered_at, withdrawn_at FROM service_provider.return_url
             WHERE service_provider_id = #{id} AND url = #{url} ORDER BY registered_at, return_url_id
            """)
    @ConstructorArgs({
            @Arg(column = "return_url_id", javaType = String.class),
            @Arg(column = "url", javaType = String.class),
            @Arg(column = "registered_at", javaType = Instant.class),
            @Arg(column = "withdrawn_at", javaType = Instant.class)})
    List<RegisteredReturnUrl> registrationsOf(@Param("id") String id, @Param("url") String url);

    @Select("""
            SELECT return_url_id, url, registered_at, withdrawn_at FROM service_provider.return_url
             WHERE service_provider_id = #{id} AND return_url_id = #{urlId}
            """)
    @ConstructorArgs({
            @Arg(column = "return_url_id", javaType = String.class),
            @Arg(column = "url", javaType = String.class),
            @Arg(column = "registered_at", javaType = Instant.class),
            @Arg(column = "withdrawn_at", javaType = Instant.class)})
    RegisteredReturnUrl findReturnUrl(@Param("id") String id, @Param("urlId") String urlId);

    @Update("""
            UPDATE service_provider.return_url SET withdrawn_at = #{at}
             WHERE service_provider_id = #{id} AND return_url_id = #{urlId} AND withdrawn_at IS NULL
            """)
    int withdrawReturnUrl(@Param("id") String id, @Param("urlId") String urlId, @Param("at") Instant at);

    // ------------------------------------------------------------------ audit

    @Insert("""
            INSERT INTO service_provider.service_provider_change (service_provider_id, operator_user_id, changed_at, action,
                subject, before_state, after_state, detail)
            VALUES (#{id}, #{operator}, #{at}, #{action}, #{subject}, #{before,jdbcType=VARCHAR}, #{after}, #{detail})
            """)
    void insertChange(@Param("id") String id, @Param("operator") String operator, @Param("at") Instant at,
                      @Param("action") ServiceProviderChange.Action action, @Param("subject") String subject,
                      @Param("before") String before, @Param("after") String after, @Param("detail") String detail);

    @Select("""
            SELECT change_id, service_provider_id, operator_user_id, changed_at, action, subject, before_state, after_state,
                   detail
              FROM service_provider.service_provider_change WHERE service_provider_id = #{id} ORDER BY change_id
            """)
    @ConstructorArgs({
            @Arg(column = "change_id", javaType = long.class),
            @Arg(column = "service_provider_id", javaType = String.class),
            @Arg(column = "operator_user_id", javaType = String.class),
            @Arg(column = "changed_at", javaType = Instant.class),
            @Arg(column = "action", javaType = ServiceProviderChange.Action.class),
            @Arg(column = "subject", javaType = String.class),
            @Arg(column = "before_state", javaType = String.class),
            @Arg(column = "after_state", javaType = String.class),
            @Arg(column = "detail", javaType = String.class)})
    List<ServiceProviderChange> changesOf(@Param("id") String id);
}
