package org.mjpki.webapp.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
    private final VerifiedCredentials credentials;
    private final String realm;
    private final Set<String> groups;

    public GroupBasicAuthenticationFilter(IdentityService identity, VerifiedCredentials credentials, String realm,
                                          String... groups) {
        this.identity = identity;
        this.credentials = credentials;
        this.realm = realm;
        this.groups = Set.of(groups);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String[] basic = VerifiedCredentials.basic(request.getHeader("Authorization"));
        var verified = basic == null ? java.util.Optional.<VerifiedCredentials.Verified>empty()
                : credentials.verify(basic[0], basic[1], identity);
        if (verified.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
            respond(response, HttpServletResponse.SC_UNAUTHORIZED, "authentication required");
            return;
        }
        String user = verified.get().user();
        boolean member = verified.get().groups().stream().anyMatch(groups::contains);
        if (!member) {
            respond(response, HttpServletResponse.SC_FORBIDDEN, "this user may not use " + realm);
            return;
        }
        request.setAttribute(USER_ATTRIBUTE, user);
        chain.doFilter(request, response);
    }

    private static void respond(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"" + (status == 401 ? "unauthorized" : "forbidden")
                + "\",\"message\":\"" + message + "\"}");
    }
}
