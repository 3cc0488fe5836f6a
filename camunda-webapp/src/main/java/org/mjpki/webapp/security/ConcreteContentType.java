package org.mjpki.webapp.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request's Content-Type names one media type, never a wildcard ({@code *}{@code /*}, {@code application/*}): no body is
 * of such a type. Spring MVC fails on one with an IllegalArgumentException while it reads the body, which the APIs'
 * advices can only answer as an unexpected failure (500); it is refused here instead, 415, before anything reads the body.
 * A Content-Type that does not parse at all is left to Spring MVC, which answers it 415 itself.
 */
public final class ConcreteContentType extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String declared = request.getContentType();
        if (declared != null && isWildcard(declared)) {
            response.setStatus(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"unsupported_media_type\",\"message\":\"Content-Type names no media type\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isWildcard(String declared) {
        try {
            return MediaType.parseMediaType(declared).isWildcardSubtype();
        } catch (InvalidMediaTypeException unparseable) {
            return false;
        }
    }
}
