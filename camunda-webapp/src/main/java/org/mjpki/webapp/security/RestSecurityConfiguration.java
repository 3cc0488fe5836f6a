package org.mjpki.webapp.security;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may call what: the {@link AccessTable} (docs/security/role-matrix.md), applied by one filter before every other,
 * refuses any path it does not list and admits the group families' members; the engine REST API then authenticates
 * against Camunda's identity service with its own filter (so engine authorizations apply), and the webapps keep their
 * own login.
 */
@Configuration(proxyBeanMethods = false)
public class RestSecurityConfiguration {

    /**
     * Basic logins verified within the last {@code mjpki.security.verified-credentials-ttl} (default 30 s; 0: verify
     * every request): see {@link VerifiedCredentials}.
     */
    @Bean
    VerifiedCredentials verifiedCredentials(
            @Value("${mjpki.security.verified-credentials-ttl:PT30S}") java.time.Duration ttl) {
        return new VerifiedCredentials(ttl);
    }

    @Bean
    FilterRegistrationBean<EngineRestAuthenticationFilter> engineRestAuthentication(ProcessEngine engine,
                                                                                   VerifiedCredentials credentials) {
        FilterRegistrationBean<EngineRestAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new EngineRestAuthenticationFilter(engine, credentials));
        registration.setName("engine-rest-authentication");
        registration.addUrlPatterns("/engine-rest/*");
        // the external task client long-polls: the filter must allow async requests
        registration.setAsyncSupported(true);
        registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        registration.setOrder(10);
        return registration;
    }

    @Bean
    AccessTable accessTable() {
        return AccessTable.standard();
    }

    /** Before every other filter of ours and of the webapps: unlisted paths never reach anything. */
    @Bean
    FilterRegistrationBean<AccessTableFilter> accessTableFilter(AccessTable table, IdentityService identity,
                                                                VerifiedCredentials credentials) {
        FilterRegistrationBean<AccessTableFilter> registration =
                new FilterRegistrationBean<>(new AccessTableFilter(table, identity, credentials));
        registration.setName("access-table");
        registration.addUrlPatterns("/*");
        // the app API's status call and the external task client long-poll
        registration.setAsyncSupported(true);
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 100);
        return registration;
    }

    /** Right after the access table: bodies are limited before any filter or controller reads one. */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(AccessTable table) {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(new RequestBodyLimit(table));
        registration.setName("request-body-limit");
        registration.addUrlPatterns("/*");
        registration.setAsyncSupported(true);
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 101);
        return registration;
    }

    /** The families whose bodies Spring MVC controllers read: a wildcard Content-Type is a 415 there, not a 500. */
    @Bean
    FilterRegistrationBean<ConcreteContentType> concreteContentType() {
        FilterRegistrationBean<ConcreteContentType> registration = new FilterRegistrationBean<>(new ConcreteContentType());
        registration.setName("concrete-content-type");
        registration.addUrlPatterns("/api/*", "/operator/*", "/simulator/*", "/outside/*");
        registration.setAsyncSupported(true);
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 102);
        return registration;
    }
}
