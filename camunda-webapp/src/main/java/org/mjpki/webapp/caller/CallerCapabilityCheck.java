package org.mjpki.webapp.caller;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.mjpki.registry.caller.CallerCapabilities;
import org.mjpki.registry.caller.CallerCapabilities.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Lets an app API call about one operation ({@link ForTheCaller}) through only with that operation's capability. A
 * missing or wrong capability, an id that does not exist and an id that could not exist all get the same 404 — no hint
 * that an id is taken, so ids can be neither guessed nor enumerated through the API.
 */
@Component
public class CallerCapabilityCheck implements HandlerInterceptor {

    /** Ids as the app API issues them; anything else cannot name an operation. */
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CallerCapabilities capabilities;

    public CallerCapabilityCheck(CallerCapabilities capabilities) {
        this.capabilities = capabilities;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        ForTheCaller binding = method.getMethodAnnotation(ForTheCaller.class);
        if (binding == null) {
            return true;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String id = variables == null ? null : variables.get(binding.pathVariable());
        if (id == null) {
            throw new IllegalStateException(method + " names path variable " + binding.pathVariable() + ", which it does not map");
        }
        String presented = request.getHeader(CallerCapability.HEADER);
        if (presented != null && ID.matcher(id).matches()
                && capabilities.of(binding.value(), id).filter(kept -> CallerCapability.matches(presented, kept)).isPresent()) {
            return true;
        }
        response.setStatus(HttpStatus.NOT_FOUND.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), Map.of("error", "not_found", "message", "no such " + words(binding.value())));
        return false;
    }

    static String words(Operation operation) {
        return switch (operation) {
            case APPLICATION -> "application";
            case CREDENTIAL_SET -> "credential set";
            case REVOCATION -> "revocation";
            case HOLD_RELEASE -> "hold release";
            case LOCK_RELEASE -> "lock release";
            case SIGNING_REREGISTRATION -> "signing re-registration";
        };
    }
}
