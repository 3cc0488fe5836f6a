package org.mjpki.webapp.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of every request, applying the {@link AccessTable}:
 * <ul>
 *   <li>a path no rule covers is answered 404 — as a path that does not exist, so that nothing is learnt from it — and
 *       never reaches a servlet or a controller;</li>
 *   <li>a {@link AccessRule.Access#GROUPS} family needs HTTP Basic of a member of its groups: 401 without valid
 *       credentials, 403 for a user of another group;</li>
 *   <li>the others go on: public ones as they are, Cockpit and the engine REST API to their own authentication.</li>
 * </ul>
 */
public final class AccessTableFilter extends OncePerRequestFilter {

    private final AccessTable table;
    private final IdentityService identity;
    private final VerifiedCredentials credentials;

    public AccessTableFilter(AccessTable table, IdentityService identity, VerifiedCredentials credentials) {
        this.table = table;
        this.identity = identity;
        this.credentials = credentials;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<AccessRule> rule = table.ruleFor(pathOf(request));
        if (rule.isEmpty()) {
            respond(response, HttpServletResponse.SC_NOT_FOUND, "not_found", null);
            return;
        }
        if (rule.get().access() == AccessRule.Access.GROUPS) {
            String[] basic = VerifiedCredentials.basic(request.getHeader("Authorization"));
            Optional<VerifiedCredentials.Verified> verified = basic == null ? Optional.empty()
                    : credentials.verify(basic[0], basic[1], identity);
            if (verified.isEmpty()) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"" + rule.get().realm() + "\"");
                respond(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "authentication required");
                return;
            }
            if (verified.get().groups().stream().noneMatch(rule.get().groups()::contains)) {
                respond(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "this user may not use " + rule.get().realm());
                return;
            }
            request.setAttribute(CallerIdentity.USER_ATTRIBUTE, verified.get().user());
        }
        chain.doFilter(request, response);
    }

    /** The path the container maps (decoded, dot segments and path parameters removed), not the raw request URI. */
    static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        return servletPath + pathInfo;
    }

    private static void respond(HttpServletResponse response, int status, String error, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"" + error + "\"" + (message == null ? "" : ",\"message\":\"" + message + "\"") + "}");
    }
}
