package org.mjpki.webapp.fuzz;

import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mjpki.registry.caller.CallerCapabilities.Operation;
import org.mjpki.webapp.caller.ForTheCaller;
import org.mjpki.webapp.caller.StartsAnOperation;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The app API as the server maps it — every path under {@code /api/} and method of its controllers, read from the
 * server's own handler mapping — so an endpoint added later is fuzzed without anyone listing it here.
 */
final class AppApiEndpoints {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

    private AppApiEndpoints() {}

    /**
     * One endpoint: a method and path pattern, and what the handler declares about its caller and its body.
     *
     * @param binding   the operation a call is about, when only that operation's starter may make it (ADR 0026)
     * @param starts    whether a call starts an operation (its body is a signed document)
     * @param bodyType  what the handler reads from the body, or null when it reads none
     * @param variables the path variables, in order
     */
    record Endpoint(String method, String pattern, Optional<ForTheCaller> binding, boolean starts, Class<?> bodyType,
                    List<String> variables) {

        /** A question that neither starts nor continues an operation (the whitelist check, the OpenAPI document). */
        boolean isQuestion() {
            return binding.isEmpty() && !starts;
        }

        boolean readsBody() {
            return bodyType != null;
        }

        Optional<Operation> operation() {
            return binding.map(ForTheCaller::value);
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    static List<Endpoint> of(RequestMappingHandlerMapping mapping) {
        List<Endpoint> endpoints = new ArrayList<>();
        mapping.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod handler) -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    endpoints.add(new Endpoint(method.name(), pattern,
                            Optional.ofNullable(handler.getMethodAnnotation(ForTheCaller.class)),
                            handler.hasMethodAnnotation(StartsAnOperation.class), bodyType(handler), variables(pattern)));
                }
            }
        });
        endpoints.sort(Comparator.comparing(Endpoint::toString));
        return endpoints;
    }

    private static Class<?> bodyType(HandlerMethod handler) {
        for (Parameter p : handler.getMethod().getParameters()) {
            if (p.isAnnotationPresent(RequestBody.class)) {
                return p.getType();
            }
        }
        return null;
    }

    private static List<String> variables(String pattern) {
        List<String> names = new ArrayList<>();
        Matcher m = VARIABLE.matcher(pattern);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
