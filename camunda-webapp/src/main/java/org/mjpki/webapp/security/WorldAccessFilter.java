package org.mjpki.webapp.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mjpki.webapp.identity.MjpkiGroups;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call a simulated world running apart (ADR 0028): it has no Camunda of its own, so it knows two users from its
 * settings — the operator (the {@code /simulator} calls) and the worker user the server and its workers call the
 * simulated outside systems as. HTTP Basic, compared in constant time; a path not in {@link AccessTable#world()} is
 * 404, a wrong or missing login 401, a user of the wrong kind 403.
 */
public final class WorldAccessFilter extends OncePerRequestFilter {

    /** A user the world knows, and the group it stands for. */
    public record WorldUser(String id, String password, String group) {
        @Override
        public String toString() {
            return "WorldUser[" + id + ", " + group + "]";
        }
    }

    private final AccessTable table;
    private final Map<String, WorldUser> users;

    public WorldAccessFilter(AccessTable table, WorldUser operator, WorldUser worker) {
        if (operator.id().equals(worker.id())) {
            throw new IllegalArgumentException("the world's operator and worker users must differ");
        }
        if (!operator.group().equals(MjpkiGroups.OPERATORS) || !worker.group().equals(MjpkiGroups.WORKERS)) {
            throw new IllegalArgumentException("the world knows an operator and a worker");
        }
        this.table = table;
        this.users = Map.of(operator.id(), operator, worker.id(), worker);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<AccessRule> rule = table.ruleFor(AccessTableFilter.pathOf(request));
        if (rule.isEmpty()) {
            respond(response, 404, "not_found", "no such resource");
            return;
        }
        Optional<WorldUser> user = authenticated(request.getHeader("Authorization"));
        if (user.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + rule.get().realm() + "\"");
            respond(response, 401, "unauthorized", "log in");
            return;
        }
        Set<String> allowed = rule.get().groups();
        if (!allowed.contains(user.get().group())) {
            respond(response, 403, "forbidden", "not for this user");
            return;
        }
        chain.doFilter(request, response);
    }

    private Optional<WorldUser> authenticated(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6) || header.length() > 1024) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        WorldUser user = users.get(decoded.substring(0, colon));
        if (user == null || !MessageDigest.isEqual(user.password().getBytes(StandardCharsets.UTF_8),
                decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(user);
    }

    private static void respond(HttpServletResponse response, int status, String error, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
    }
}
