package org.mjpki;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The workers alone, in a process of their own ({@code --mjpki.role=workers}): the external task clients against a
 * server's engine REST API, the registry and the CA on the same database, and the outside systems over HTTP. No
 * engine, no webapps, no scheduler, no simulators, no web server (docs/adr/0013).
 *
 * <p>Deliberately not a {@code @Configuration}: the server's component scan of {@code org.mjpki} must not pick it
 * up, or its exclusions would switch the engine off in the server too.
 */
@EnableAutoConfiguration(excludeName = {
        "org.camunda.bpm.spring.boot.starter.CamundaBpmAutoConfiguration",
        "org.camunda.bpm.spring.boot.starter.rest.CamundaBpmRestJerseyAutoConfiguration",
        "org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration"},
        exclude = QuartzAutoConfiguration.class)
@ComponentScan(basePackages = {"org.mjpki.workers", "org.mjpki.registry", "org.mjpki.ca", "org.mjpki.linked"},
        // relying parties reach CRLs and OCSP at the server; the workers serve nothing
        excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "org\\.mjpki\\.ca\\.publication\\..*"))
@ConfigurationPropertiesScan({"org.mjpki.workers", "org.mjpki.registry", "org.mjpki.ca", "org.mjpki.linked"})
public class MjpkiWorkersApplication {

    /** Its settings: application-workers.yaml, on top of application.yaml. */
    public static final String PROFILE = "workers";

    public static ConfigurableApplicationContext run(String... args) {
        return application().run(args);
    }

    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(MjpkiWorkersApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setAdditionalProfiles(PROFILE);
        application.setMainApplicationClass(MjpkiWorkersApplication.class);
        return application;
    }
}
