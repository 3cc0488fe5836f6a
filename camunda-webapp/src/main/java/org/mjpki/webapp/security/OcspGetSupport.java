package org.mjpki.webapp.security;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * RFC 6960 appendix A.1: an OCSP GET carries the base64 request in the path, where '/' arrives as %2F.
 * Tomcat refuses encoded slashes by default; pass them through undecoded so {@code /pki/ocsp/**} can read
 * them. Undecoded, %2F never acts as a path separator, so no other path's access rules change.
 */
@Component
public class OcspGetSupport implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling("passthrough"));
    }
}
