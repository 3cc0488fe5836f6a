package org.mjpki.webapp.security;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.mjpki.webapp.identity.MjpkiGroups;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may call what. The engine REST API authenticates against Camunda's identity service with its own filter
 * (so engine authorizations apply); the app API and the simulator need a user of the right group. The webapps
 * keep their own login. CRL and OCSP under /pki are public: relying parties must never need an account.
 */
@Configuration(proxyBeanMethods = false)
public class RestSecurityConfiguration {

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("engine-rest-authentication");
        registration.addUrlPatterns("/engine-rest/*");
        registration.setInitParameters(Map.of(
                ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                HttpBasicAuthenticationProvider.class.getName()));
        // the external task client long-polls: the filter must allow async requests
        registration.setAsyncSupported(true);
        registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        registration.setOrder(10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<GroupBasicAuthenticationFilter> appApiAuthentication(IdentityService identity) {
        FilterRegistrationBean<GroupBasicAuthenticationFilter> registration = new FilterRegistrationBean<>(
                new GroupBasicAuthenticationFilter(identity, "mjpki app API", MjpkiGroups.APPS, MjpkiGroups.OPERATORS));
        registration.setName("app-api-authentication");
        registration.addUrlPatterns("/api/*");
        // the status call waits for the next step (long polling): the filter must allow async requests
        registration.setAsyncSupported(true);
        registration.setOrder(11);
        return registration;
    }

    @Bean
    FilterRegistrationBean<GroupBasicAuthenticationFilter> simulatorAuthentication(IdentityService identity) {
        FilterRegistrationBean<GroupBasicAuthenticationFilter> registration = new FilterRegistrationBean<>(
                new GroupBasicAuthenticationFilter(identity, "mjpki simulator", MjpkiGroups.OPERATORS));
        registration.setName("simulator-authentication");
        registration.addUrlPatterns("/simulator/*");
        registration.setOrder(12);
        return registration;
    }
}
