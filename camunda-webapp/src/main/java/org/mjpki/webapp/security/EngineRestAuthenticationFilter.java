package org.mjpki.webapp.security;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;

/**
 * Camunda's own authentication filter for the engine REST API (so engine authorizations apply to the
 * authenticated user and groups), with HTTP Basic checked through {@link VerifiedCredentials} and the server's
 * one engine handed in, instead of looked up through a {@code ServiceLoader} on every request.
 */
public class EngineRestAuthenticationFilter extends ProcessEngineAuthenticationFilter {

    private final ProcessEngine engine;

    public EngineRestAuthenticationFilter(ProcessEngine engine, VerifiedCredentials credentials) {
        this.engine = engine;
        this.authenticationProvider = new VerifiedBasicAuthentication(credentials);
    }

    @Override
    public void init(FilterConfig filterConfig) {
        servletPathPrefix = filterConfig.getInitParameter(SERVLET_PATH_PREFIX);
    }

    /** The server runs one engine; a request for any other name finds none (the filter answers 404). */
    @Override
    protected ProcessEngine getAddressedEngine(String engineName) {
        return engine.getName().equals(engineName) ? engine : null;
    }

    static final class VerifiedBasicAuthentication implements AuthenticationProvider {

        private final VerifiedCredentials credentials;

        VerifiedBasicAuthentication(VerifiedCredentials credentials) {
            this.credentials = credentials;
        }

        @Override
        public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
            String[] basic = VerifiedCredentials.basic(request.getHeader("Authorization"));
            if (basic == null) {
                return AuthenticationResult.unsuccessful();
            }
            return credentials.verify(basic[0], basic[1], engine.getIdentityService()).map(verified -> {
                AuthenticationResult result = AuthenticationResult.successful(verified.user());
                result.setGroups(verified.groups());
                result.setTenants(verified.tenants());
                return result;
            }).orElseGet(() -> AuthenticationResult.unsuccessful(basic[0]));
        }

        @Override
        public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + engine.getName() + "\"");
        }
    }
}
