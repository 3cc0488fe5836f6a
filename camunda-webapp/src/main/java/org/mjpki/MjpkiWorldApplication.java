package org.mjpki;

import java.time.Clock;
import org.mjpki.webapp.identity.MjpkiGroups;
import org.mjpki.webapp.security.AccessTable;
import org.mjpki.webapp.security.RequestBodyLimit;
import org.mjpki.webapp.security.WorldAccessFilter;
import org.mjpki.webapp.security.WorldAccessFilter.WorldUser;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.core.Ordered;

/**
 * The simulated outside world alone, in a process of its own ({@code --mjpki.role=world}, ADR 0028): phones with their
 * secure elements, the SEI-TSM and its relay, the push service, the holders' app and their test cards, with the
 * operators' {@code /simulator} calls and the {@code /outside} systems the server and its workers reach over HTTP. It
 * keeps its phones and holders while servers and workers are killed and restarted, as the real world would. No
 * database, no engine, no CA: the test cards' certificates come from the server's CA over HTTP.
 *
 * <p>Deliberately not a {@code @Configuration} (its beans are declared in lite mode): the server's component scan of
 * {@code org.mjpki} must not pick it up.
 */
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class,
        JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
        ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class})
@ComponentScan(basePackages = "org.mjpki.simulator")
public class MjpkiWorldApplication {

    /** Its settings: application-world.yaml, on top of application.yaml. */
    public static final String PROFILE = "world";

    public static ConfigurableApplicationContext run(String... args) {
        return application().run(args);
    }

    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(MjpkiWorldApplication.class);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        application.setAdditionalProfiles(PROFILE);
        application.setMainApplicationClass(MjpkiWorldApplication.class);
        return application;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Who may call the world: first of all filters. */
    @Bean
    FilterRegistrationBean<WorldAccessFilter> worldAccess(@Value("${camunda.bpm.admin-user.id}") String operator,
            @Value("${camunda.bpm.admin-user.password}") String operatorPassword,
            @Value("${mjpki.identity.worker-user}") String worker, @Value("${mjpki.identity.worker-password}") String workerPassword) {
        FilterRegistrationBean<WorldAccessFilter> registration = new FilterRegistrationBean<>(new WorldAccessFilter(
                AccessTable.world(), new WorldUser(operator, operatorPassword, MjpkiGroups.OPERATORS),
                new WorldUser(worker, workerPassword, MjpkiGroups.WORKERS)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Bodies bounded per family before anything reads them, as at the server. */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> worldBodyLimit() {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(new RequestBodyLimit(AccessTable.world()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
