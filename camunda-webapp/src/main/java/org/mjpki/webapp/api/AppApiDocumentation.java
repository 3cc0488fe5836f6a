package org.mjpki.webapp.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The app API's OpenAPI document (springdoc, {@code springdoc.*} in application.yaml): served at
 * {@code /api/v1/openapi} (JSON; {@code /api/v1/openapi.yaml}) to the app group and operators, generated from the
 * controllers under {@code /api/} and their {@code @Operation} summaries, so it cannot drift from what runs.
 */
@Configuration(proxyBeanMethods = false)
public class AppApiDocumentation {

    @Bean
    OpenAPI appApi() {
        return new OpenAPI()
                .info(new Info().title("mjpki app API").version("v1")
                        .description("What the holders' app back end (the Mynaportal app's server side) calls: applications "
                                + "and device change, the holder's operations on the set (revocation, hold release, lock "
                                + "release, signing re-registration), the set as the validity check shows it, and the "
                                + "return-URL whitelist (R17). HTTP Basic as a user of the group mjpkiApps."))
                .components(new Components().addSecuritySchemes("basic",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }
}
