package org.mjpki.webapp.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic against Camunda's identity service, admitting only members of the given groups: 401 without
 * valid credentials, 403 for a user of another group. The authenticated user id is put on the request.
 */
public class GroupBasicAuthenticationFilter extends OncePerRequestFilter {

    public static final String USER_ATTRIBUTE = "mjpki.user";
    private final IdentityService identity;
    private final String realm;
    private final Set<String> groups;

    public GroupBasicAuthenticationFilter(IdentityService identity, String realm, String... groups) {
        this.identity = identity;
        this.realm = realm;
        this.groups = Set.of(groups);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        String[] credentials = decode(header);
        if (credentials == null || !identity.checkPassword(credentials[0], credentials[1])) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
            respond(response, HttpServletResponse.SC_UNAUTHORIZED, "authentication required");
            return;
        }
        String user = credentials[0];
        boolean member = identity.createGroupQuery().groupMember(user).list().stream()
                .anyMatch(g -> groups.contains(g.getId()));
        if (!member) {
            respond(response, HttpServletResponse.SC_FORBIDDEN, "this user may not use " + realm);
            return;
        }
        request.setAttribute(USER_ATTRIBUTE, user);
        chain.doFilter(request, response);
    }

    private static String[] decode(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon <= 0 ? null : new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void respond(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"" + (status == 401 ? "unauthorized" : "forbidden")
                + "\",\"message\":\"" + message + "\"}");
    }
}
