package org.mjpki.webapp.security;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.mjpki.webapp.identity.MjpkiGroups;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may call what. The engine REST API authenticates against Camunda's identity service with its own filter
 * (so engine authorizations apply); the app API and the simulator need a user of the right group. The webapps
 * keep their own login; the operator API under /operator is for operators only. CRL and OCSP under /pki are public: relying parties must never need an account. The
 * simulated outside systems under /outside (TSM, relay, push) are for workers running apart, and only for them.
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
    FilterRegistrationBean<GroupBasicAuthenticationFilter> appApiAuthentication(IdentityService identity,
                                                                               VerifiedCredentials credentials) {
        // the status call waits for the next step (long polling): the filter must allow async requests
        return groupOnly("app-api-authentication", "/api/*", 11, true,
                new GroupBasicAuthenticationFilter(identity, credentials, "mjpki app API", MjpkiGroups.APPS,
                        MjpkiGroups.OPERATORS));
    }

    @Bean
    FilterRegistrationBean<GroupBasicAuthenticationFilter> simulatorAuthentication(IdentityService identity,
                                                                                  VerifiedCredentials credentials) {
        return groupOnly("simulator-authentication", "/simulator/*", 12, false,
                new GroupBasicAuthenticationFilter(identity, credentials, "mjpki simulator", MjpkiGroups.OPERATORS));
    }

    /** The operator API (the linked-revocation sweep): operators only. */
    @Bean
    FilterRegistrationBean<GroupBasicAuthenticationFilter> operatorApiAuthentication(IdentityService identity,
                                                                                    VerifiedCredentials credentials) {
        return groupOnly("operator-api-authentication", "/operator/*", 14, false,
                new GroupBasicAuthenticationFilter(identity, credentials, "mjpki operator API", MjpkiGroups.OPERATORS));
    }

    @Bean
    FilterRegistrationBean<GroupBasicAuthenticationFilter> outsideSystemsAuthentication(IdentityService identity,
                                                                                       VerifiedCredentials credentials) {
        return groupOnly("outside-systems-authentication", "/outside/*", 13, false,
                new GroupBasicAuthenticationFilter(identity, credentials, "mjpki outside systems", MjpkiGroups.WORKERS));
    }

    private static FilterRegistrationBean<GroupBasicAuthenticationFilter> groupOnly(String name, String urlPattern, int order,
                                                                                   boolean async,
                                                                                   GroupBasicAuthenticationFilter filter) {
        FilterRegistrationBean<GroupBasicAuthenticationFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName(name);
        registration.addUrlPatterns(urlPattern);
        registration.setAsyncSupported(async);
        registration.setOrder(order);
        return registration;
    }
}
