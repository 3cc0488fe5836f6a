package org.mjpki.webapp.caller;

import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The capability check on the app API, and what the OpenAPI document says of it. */
@Configuration(proxyBeanMethods = false)
public class CallerCapabilityConfiguration implements WebMvcConfigurer {

    private final CallerCapabilityCheck check;

    public CallerCapabilityConfiguration(CallerCapabilityCheck check) {
        this.check = check;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(check).addPathPatterns("/api/**");
    }

    /** Every call of {@link ForTheCaller} takes the capability; every call that starts an operation hands one out. */
    @Bean
    OperationCustomizer callerCapabilityInTheDocument() {
        return (operation, handler) -> {
            if (handler.hasMethodAnnotation(ForTheCaller.class)) {
                operation.addParametersItem(new HeaderParameter().name(CallerCapability.HEADER).required(true)
                        .schema(new StringSchema().maxLength(64))
                        .description("The capability this operation's start answered with: only the app instance that "
                                + "started it may read or drive it; without it the answer is 404, as for an unknown id."));
                responses(operation).addApiResponse("404", new ApiResponse()
                        .description("No such operation, or not this caller's (the same answer for both)."));
            }
            if (handler.hasMethodAnnotation(StartsAnOperation.class)) {
                ApiResponses responses = responses(operation);
                String status = responses.keySet().stream().filter(code -> code.startsWith("2")).findFirst().orElse("200");
                ApiResponse ok = responses.computeIfAbsent(status, code -> new ApiResponse().description("Started"));
                ok.addHeaderObject(CallerCapability.HEADER, new Header().schema(new StringSchema())
                        .description("The capability of the operation just started: keep it and send it with every "
                                + "later call about this operation (and, for an application, about the set it makes)."));
            }
            return operation;
        };
    }

    private static ApiResponses responses(io.swagger.v3.oas.models.Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        return operation.getResponses();
    }
}
